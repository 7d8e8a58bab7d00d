-- Charges that landed after their application closed wait here for a staff refund through the gateway.
create table refunds (
    id uuid primary key default gen_random_uuid(),
    checkout_id uuid not null references checkouts (id),
    application_id uuid not null references applications (id),
    user_id uuid not null references users (id),
    amount_cents bigint not null check (amount_cents > 0),
    currency text not null,
    reason text not null,
    state text not null check (state in ('due', 'refunded')),
    gateway_reference text,
    created_at timestamptz not null,
    refunded_at timestamptz,
    refunded_by uuid references users (id),
    unique (checkout_id, application_id)
);
create index refunds_due_idx on refunds (created_at) where state = 'due';

alter table receipts add column refunded_cents bigint not null default 0;

-- The sandbox gateway's refunds, by idempotency key like its charges.
create table sandbox_refunds (
    idempotency_key text primary key,
    reference text not null unique,
    charge_reference text not null,
    amount_cents bigint not null check (amount_cents > 0),
    created_at timestamptz not null default now()
);

-- Scheduled jobs shared by every API instance: who holds a job's lease, and how its last run went.
create table jobs (
    name text primary key,
    lease_holder text,
    lease_expires_at timestamptz,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_outcome text,
    last_error text,
    runs bigint not null default 0
);
