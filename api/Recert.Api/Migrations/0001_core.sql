-- Core schema: accounts, certifications, documents, CE activities, CPR/AED cards, fee schedule, applications.

create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null,
    password_hash text not null,
    first_name text not null,
    last_name text not null,
    role text not null check (role in ('certificant', 'staff')),
    created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table certifications (
    id uuid primary key default gen_random_uuid(),
    number text not null,
    credential text not null default 'CPT',
    first_name text not null,
    last_name text not null,
    email text not null,
    user_id uuid references users (id),
    cycle_start date not null,
    expires_on date not null,
    for_life boolean not null default false,
    created_at timestamptz not null default now(),
    check (expires_on > cycle_start)
);
create unique index certifications_number_key on certifications (upper(number));
create index certifications_user_id_idx on certifications (user_id);
create index certifications_email_idx on certifications (lower(email));

create table documents (
    id uuid primary key default gen_random_uuid(),
    owner_user_id uuid not null references users (id),
    file_name text not null,
    content_type text not null,
    size_bytes integer not null,
    sha256 text not null,
    content bytea not null,
    created_at timestamptz not null default now()
);
create index documents_owner_idx on documents (owner_user_id);

create table ce_activities (
    id uuid primary key default gen_random_uuid(),
    certification_id uuid not null references certifications (id),
    source text not null check (source in ('category-a', 'provider', 'petition', 'other')),
    title text not null,
    area text not null,
    ceus numeric(6, 2) not null check (ceus > 0),
    completed_on date not null,
    state text not null check (state in ('recorded', 'pending-review', 'approved', 'rejected', 'voided')),
    course_key text not null,
    document_id uuid references documents (id),
    used_in_application_id uuid,
    created_by uuid references users (id),
    created_at timestamptz not null default now()
);
create index ce_activities_certification_idx on ce_activities (certification_id, completed_on);

create table cpr_aed_issuers (
    name text primary key,
    sort_order integer not null default 0
);

create table cpr_aed_cards (
    id uuid primary key default gen_random_uuid(),
    certification_id uuid not null references certifications (id),
    kind text not null check (kind in ('cpr', 'aed', 'cpr-aed')),
    provider text not null,
    issued_on date not null,
    expires_on date not null,
    hands_on boolean not null,
    front_document_id uuid references documents (id),
    back_document_id uuid references documents (id),
    created_at timestamptz not null default now(),
    check (expires_on >= issued_on)
);
create index cpr_aed_cards_certification_idx on cpr_aed_cards (certification_id);

create table fee_schedules (
    id uuid primary key default gen_random_uuid(),
    effective_from date not null unique,
    currency text not null,
    renewal_cents bigint not null check (renewal_cents >= 0),
    late_cents bigint not null check (late_cents >= 0),
    additional_late_cents bigint not null check (additional_late_cents >= 0),
    for_life_cents bigint not null check (for_life_cents >= 0),
    petition_cents bigint not null check (petition_cents >= 0),
    created_by uuid references users (id),
    created_at timestamptz not null default now()
);

create table applications (
    id uuid primary key default gen_random_uuid(),
    certification_id uuid not null references certifications (id),
    plan text not null check (plan in ('renew', 'for-life')),
    status text not null,
    submission_window text not null,
    received_on date not null,
    cycle_start date not null,
    expires_on date not null,
    fees jsonb not null,
    total_cents bigint not null,
    currency text not null,
    submitted_by uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index applications_certification_idx on applications (certification_id);
-- One open application per certification at a time.
create unique index applications_one_open on applications (certification_id)
    where status in ('draft', 'submitted', 'paid', 'audit-requested', 'documentation-submitted');

alter table ce_activities
    add constraint ce_activities_used_in_application_fk foreign key (used_in_application_id) references applications (id);
