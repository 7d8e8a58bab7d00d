-- The provider portal (issue 14): people of a course provider sign in to the SPA with role 'provider', bound to one
-- provider. Staff invite them by email; the invitation is an account link (account_tokens) like every other.

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('certificant', 'staff', 'provider'));
alter table users add column provider_id uuid references providers (id);
alter table users add constraint users_provider_bound check ((role = 'provider') = (provider_id is not null));
create index users_provider_idx on users (provider_id) where provider_id is not null;

alter table users add column invited_by uuid references users (id);

alter table account_tokens drop constraint account_tokens_purpose_check;
alter table account_tokens add constraint account_tokens_purpose_check
    check (purpose in ('verify-email', 'change-email', 'claim', 'password-reset', 'provider-invitation'));
