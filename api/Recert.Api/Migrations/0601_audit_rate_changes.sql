-- Staff set the audit rate (SPEC: staff-managed); every change is kept with who and when. Without a row the
-- configured Recert:Audit:Rate applies, so a fresh installation starts from its configuration.
create table audit_rate_changes (
    id bigint generated always as identity primary key,
    rate numeric(5, 4) not null check (rate >= 0 and rate <= 1),
    previous_rate numeric(5, 4) not null,
    changed_by uuid not null references users (id),
    changed_at timestamptz not null,
    reason text
);
