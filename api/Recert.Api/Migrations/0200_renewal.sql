-- Renewal after submission: petitions, checkout (cart, payments, receipts), audit, email outbox, staff decisions.

create table petitions (
    id uuid primary key default gen_random_uuid(),
    certification_id uuid not null references certifications (id),
    activity_id uuid not null unique references ce_activities (id),
    title text not null,
    provider_name text not null,
    area text not null,
    contact_hours numeric(7, 2) not null check (contact_hours > 0),
    completed_on date not null,
    document_id uuid not null references documents (id),
    -- Normalised title + provider: petitions of the same course are reviewed together.
    course_key text not null,
    fee_cents bigint not null check (fee_cents >= 0),
    currency text not null,
    status text not null check (status in ('awaiting-payment', 'awaiting-review', 'approved', 'denied')),
    paid_checkout_id uuid,
    paid_at timestamptz,
    granted_ceus numeric(6, 2),
    decision_reason text,
    decided_by uuid references users (id),
    decided_at timestamptz,
    created_by uuid references users (id),
    created_at timestamptz not null default now()
);
create index petitions_certification_idx on petitions (certification_id);
create index petitions_course_key_idx on petitions (course_key, status);

-- A course approved for everyone who petitioned it: petitions of that course paid later are approved with these CEUs.
create table petition_course_approvals (
    course_key text primary key,
    title text not null,
    provider_name text not null,
    ceus numeric(6, 2) not null check (ceus > 0),
    approved_by uuid references users (id),
    approved_at timestamptz not null
);

create table checkouts (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    idempotency_key text not null unique,
    state text not null check (state in ('pending', 'succeeded', 'declined', 'failed')),
    amount_cents bigint not null check (amount_cents >= 0),
    currency text not null,
    items jsonb not null,
    gateway_reference text,
    failure text,
    created_at timestamptz not null,
    completed_at timestamptz
);
-- One checkout in flight per certificant: a double click or a parallel request cannot charge twice.
create unique index checkouts_one_pending on checkouts (user_id) where state = 'pending';

create table receipts (
    id uuid primary key default gen_random_uuid(),
    checkout_id uuid not null unique references checkouts (id),
    user_id uuid not null references users (id),
    amount_cents bigint not null,
    currency text not null,
    items jsonb not null,
    gateway_reference text not null,
    paid_at timestamptz not null
);
create index receipts_user_idx on receipts (user_id, paid_at desc);

alter table applications add column paid_checkout_id uuid references checkouts (id);
alter table applications add column decision_reason text;

-- The sandbox payment gateway keeps its charges by idempotency key, as a real gateway does.
create table sandbox_charges (
    idempotency_key text primary key,
    reference text not null unique,
    token text not null,
    amount_cents bigint not null,
    currency text not null,
    outcome text not null check (outcome in ('succeeded', 'declined')),
    created_at timestamptz not null default now()
);

create table audit_draws (
    id uuid primary key default gen_random_uuid(),
    application_id uuid not null unique references applications (id),
    rate numeric(5, 4) not null check (rate >= 0 and rate <= 1),
    drawn boolean not null,
    drawn_at timestamptz not null
);

create table audits (
    application_id uuid primary key references applications (id),
    selected_on date not null,
    due_on date not null,
    state text not null check (state in ('requested', 'documentation-submitted', 'passed', 'failed')),
    submitted_at timestamptz,
    decided_at timestamptz,
    decided_by uuid references users (id),
    reasons jsonb
);
create index audits_state_idx on audits (state, due_on);

-- What the certificant must document: every CE activity that counted and every CPR/AED card on file at selection.
create table audit_items (
    id uuid primary key default gen_random_uuid(),
    application_id uuid not null references audits (application_id),
    kind text not null check (kind in ('activity', 'card')),
    subject_id uuid not null,
    description text not null,
    document_id uuid references documents (id),
    unique (application_id, kind, subject_id)
);

create table staff_decisions (
    id uuid primary key default gen_random_uuid(),
    -- Decisions made in one transaction share a timestamp; the sequence keeps the order they were made in.
    seq bigint generated always as identity,
    certification_id uuid references certifications (id),
    subject_kind text not null,
    subject_id uuid not null,
    decision text not null,
    reason text,
    details jsonb,
    decided_by uuid references users (id),
    decided_at timestamptz not null
);
create index staff_decisions_certification_idx on staff_decisions (certification_id, decided_at);

create table email_outbox (
    id uuid primary key default gen_random_uuid(),
    seq bigint generated always as identity,
    certification_id uuid references certifications (id),
    kind text not null,
    -- Makes an email queued by a scheduled job (reminders) go out once however often the job runs.
    dedupe_key text unique,
    to_address text not null,
    subject text not null,
    body text not null,
    created_at timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts integer not null default 0,
    last_error text,
    sent_at timestamptz
);
create index email_outbox_pending_idx on email_outbox (next_attempt_at) where sent_at is null;
create index email_outbox_certification_idx on email_outbox (certification_id, created_at);

-- The reminder job looks for certifications expiring within 90 days.
create index certifications_expires_on_idx on certifications (expires_on);
