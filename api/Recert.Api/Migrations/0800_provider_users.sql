-- The provider portal (issue 14): people of a course provider sign in to the SPA with role 'provider', bound to one
-- provider. Staff invite them by email; the invitation is an account link (account_tokens) like every other.

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('certificant', 'staff', 'provider'));

-- A table of its own rather than users.provider_id: providers already reference users (created_by), and a cycle of
-- foreign keys between the two tables would need deferred constraints to load or empty them.
create table provider_users (
    user_id uuid primary key references users (id),
    provider_id uuid not null references providers (id),
    invited_by uuid references users (id),
    invited_at timestamptz not null
);
create index provider_users_provider_idx on provider_users (provider_id);

alter table account_tokens drop constraint account_tokens_purpose_check;
alter table account_tokens add constraint account_tokens_purpose_check
    check (purpose in ('verify-email', 'change-email', 'claim', 'password-reset', 'provider-invitation'));
