-- Proof of certification: verification links, status-list indices, signing keys, revocations, lookup counts.

-- One row per certification once its holder (or staff) first asks for a certificate, link or credential.
-- status_index is the certification's fixed position in the Bitstring Status List, never reused.
create sequence credential_status_index_seq minvalue 0 start 0;
create table credential_records (
    certification_id uuid primary key references certifications (id),
    status_index integer not null unique default nextval('credential_status_index_seq'),
    -- The verification token is looked up by its SHA-256 and kept encrypted (Data Protection) so the holder can see it again.
    token_sha256 bytea not null unique,
    token_protected text not null,
    token_rotated_at timestamptz not null,
    name_lookup boolean not null default true,
    created_at timestamptz not null
);

create table certification_revocations (
    id uuid primary key default gen_random_uuid(),
    certification_id uuid not null references certifications (id),
    reason text not null,
    revoked_by uuid references users (id),
    revoked_at timestamptz not null
);
-- A certification is revoked once; reinstating is a new registration.
create unique index certification_revocations_one on certification_revocations (certification_id);

create table credential_signing_keys (
    kid text primary key,
    public_jwk jsonb not null,
    private_key_protected text not null,
    created_at timestamptz not null,
    retired_at timestamptz
);
-- At most one key signs at a time; retired keys stay published in the JWKS.
create unique index credential_signing_keys_one_current on credential_signing_keys ((true)) where retired_at is null;

-- Counts of successful public look-ups per certification and day: who was looked up how often, never by whom.
create table verification_lookups (
    certification_id uuid not null references certifications (id),
    via text not null check (via in ('name', 'link')),
    looked_up_on date not null,
    lookups integer not null,
    primary key (certification_id, via, looked_up_on)
);

-- Fixed-window counters of the public verification rate limit, shared by every API instance.
-- The key is a SHA-256 of the client address, never the address itself.
create table rate_limit_windows (
    key bytea not null,
    window_start timestamptz not null,
    hits integer not null,
    primary key (key, window_start)
);
