-- Course providers and their partner API: courses, API keys, completions, idempotency keys, webhooks (outbox).

create table providers (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    contact_name text,
    contact_email text not null,
    approved_from date not null,
    approved_until date not null,
    suspended_at timestamptz,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    check (approved_until >= approved_from)
);
create unique index providers_name_key on providers (lower(name));

create table provider_courses (
    id uuid primary key default gen_random_uuid(),
    provider_id uuid not null references providers (id),
    code text not null,
    title text not null,
    ceus numeric(6, 2) not null check (ceus > 0),
    area text not null,
    approved_from date not null,
    approved_until date not null,
    activity_id text,
    created_at timestamptz not null default now(),
    check (approved_until >= approved_from)
);
create unique index provider_courses_code_key on provider_courses (provider_id, upper(code));
create unique index provider_courses_activity_key on provider_courses (provider_id, activity_id) where activity_id is not null;

create table provider_api_keys (
    id uuid primary key default gen_random_uuid(),
    provider_id uuid not null references providers (id),
    name text not null,
    prefix text not null unique,
    key_hash bytea not null,
    created_by uuid references users (id),
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create index provider_api_keys_provider_idx on provider_api_keys (provider_id);

-- A completion pushed by a provider. Rejected pushes are answered, not kept, except a pending learner whose
-- last name turns out not to match (kept as rejected so the provider can see why it never attached).
create table completions (
    id uuid primary key default gen_random_uuid(),
    provider_id uuid not null references providers (id),
    external_id text not null,
    course_id uuid not null references provider_courses (id),
    certification_number text not null,
    last_name text not null,
    completed_on date not null,
    state text not null check (state in ('accepted', 'pending-learner', 'rejected', 'voided')),
    rejection_code text,
    certification_id uuid references certifications (id),
    ce_activity_id uuid references ce_activities (id),
    xapi_statement_id uuid,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index completions_external_key on completions (provider_id, external_id);
create unique index completions_xapi_statement_key on completions (provider_id, xapi_statement_id) where xapi_statement_id is not null;
create index completions_pending_idx on completions (upper(certification_number)) where state = 'pending-learner';
create index completions_listing_idx on completions (provider_id, updated_at, id);
create index completions_activity_idx on completions (ce_activity_id);

-- Idempotency-Key: the first request with a key owns it; its response is stored and replayed.
create table idempotency_keys (
    provider_id uuid not null references providers (id),
    key text not null,
    request_hash text not null,
    response_status integer,
    response_body text,
    created_at timestamptz not null,
    locked_at timestamptz not null,
    primary key (provider_id, key)
);

create table webhook_endpoints (
    id uuid primary key default gen_random_uuid(),
    provider_id uuid not null references providers (id),
    url text not null,
    event_types text[] not null,
    secret text not null,
    previous_secret text,
    previous_secret_expires_at timestamptz,
    description text,
    disabled_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index webhook_endpoints_provider_idx on webhook_endpoints (provider_id);

-- The outbox: written in the transaction of the change it reports.
create table webhook_events (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    event_type text not null,
    payload text not null,
    created_at timestamptz not null
);
create index webhook_events_provider_idx on webhook_events (provider_id, created_at);

create table webhook_deliveries (
    id uuid primary key default gen_random_uuid(),
    event_id uuid not null references webhook_events (id),
    endpoint_id uuid not null references webhook_endpoints (id),
    state text not null check (state in ('pending', 'succeeded', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null,
    locked_until timestamptz,
    last_status integer,
    last_error text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (event_id, endpoint_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at);

create table webhook_attempts (
    id bigint generated always as identity primary key,
    delivery_id uuid not null references webhook_deliveries (id),
    attempted_at timestamptz not null,
    status_code integer,
    error text,
    duration_ms integer not null
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, attempted_at);
