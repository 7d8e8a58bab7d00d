-- Staff edits of a provider or one of its courses (issue 12): who, when, and the changed fields before and after.
-- course_id is null for a change of the provider itself. Ledger entries copy a course's values when recorded, so an
-- edit never rewrites CEUs already counted; this table is how staff see what a course said at an earlier date.
create table provider_changes (
    id bigint generated always as identity primary key,
    provider_id uuid not null references providers (id),
    course_id uuid references provider_courses (id),
    changed_by uuid not null references users (id),
    changed_at timestamptz not null,
    before jsonb not null,
    after jsonb not null
);
create index provider_changes_provider_idx on provider_changes (provider_id, id desc);
