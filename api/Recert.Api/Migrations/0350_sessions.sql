-- Server-side sessions: the cookie carries a random token; its SHA-256 is the key here. Ending a row ends every copy
-- of the cookie; password changes, MFA resets and "sign out everywhere" end the rows of a user.
create table sessions (
    token_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    -- Absolute end of the session, whatever its activity (shorter for staff). While MFA is pending it is a few minutes.
    expires_at timestamptz not null,
    -- A staff session that passed the password step but not yet the TOTP step can only reach the MFA endpoints.
    mfa_pending boolean not null default false,
    -- Wrong TOTP or recovery codes entered in this pending sign-in; too many end it.
    mfa_failures integer not null default 0,
    ended_at timestamptz
);
create index sessions_user_live_idx on sessions (user_id) where ended_at is null;

-- Forgot password: single-use links, the random token stored as its SHA-256.
create table password_reset_tokens (
    token_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id, created_at);

-- Staff TOTP (RFC 6238): the secret is encrypted with ASP.NET Core Data Protection (purpose-scoped), never stored plain.
create table staff_mfa (
    user_id uuid primary key references users (id) on delete cascade,
    secret_protected text not null,
    confirmed_at timestamptz,
    -- The last RFC 6238 time step accepted: a code of that step or an earlier one is a replay.
    last_time_step bigint not null default 0
);

create table mfa_recovery_codes (
    code_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    used_at timestamptz
);
create index mfa_recovery_codes_user_idx on mfa_recovery_codes (user_id);
