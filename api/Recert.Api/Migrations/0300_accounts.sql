-- Accounts a certification body can trust (issue 9): verified email, confirmed claims, per-account sign-in throttle.

-- An account links certifications by email only once it has proved it reads that address.
alter table users add column email_verified_at timestamptz;
update users set email_verified_at = created_at where role = 'staff';

-- Staff may register a certification without an email; claims of those go to the staff queue.
alter table certifications alter column email drop not null;

-- Single-use links sent by email. Only the SHA-256 of the random token is stored.
create table account_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    purpose text not null check (purpose in ('verify-email', 'change-email', 'claim')),
    token_hash bytea not null unique,
    -- The address the link proves (verify-email, change-email); for a claim, the certification's address on file.
    email text not null,
    certification_id uuid references certifications (id),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
);
create index account_tokens_user_idx on account_tokens (user_id, purpose) where used_at is null;

-- Claims of certifications that have no email on file wait for a person.
create table claim_requests (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    certification_id uuid not null references certifications (id),
    state text not null default 'pending' check (state in ('pending', 'approved', 'declined')),
    created_at timestamptz not null,
    decided_by uuid references users (id),
    decided_at timestamptz,
    reason text
);
create unique index claim_requests_pending_key on claim_requests (user_id, certification_id) where state = 'pending';
create index claim_requests_state_idx on claim_requests (state, created_at);

-- Fixed-window counters shared by every API instance (resend links, claims). Keys are hashes, never raw emails or IPs.
create table rate_counters (
    key text not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (key, window_start)
);

-- Failed sign-ins per email (known or not, so that the answer does not tell them apart); the delay grows and caps.
create table login_throttle (
    account_key text primary key,
    failures integer not null,
    last_failure_at timestamptz not null,
    blocked_until timestamptz
);
