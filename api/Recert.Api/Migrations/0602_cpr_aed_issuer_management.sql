-- Staff manage the accepted CPR/AED issuers (SPEC "CPR and AED"): add, rename, retire, each change kept.
-- A retired issuer is no longer offered; cards already recorded keep the name they were recorded with.
alter table cpr_aed_issuers add column retired_at timestamptz;

create table cpr_aed_issuer_changes (
    id bigint generated always as identity primary key,
    action text not null check (action in ('added', 'renamed', 'retired', 'restored')),
    name text not null,
    previous_name text,
    changed_by uuid not null references users (id),
    changed_at timestamptz not null
);
