-- Partners as they really are (issue 13): xAPI statements kept for comparison and for GET ?statementId=, and xAPI
-- completions whose actor is an email (mbox / mbox_sha1sum) that no holder has verified yet, kept pending by that email.

-- digest() for the SHA-1 of a holder's mailto IRI (mbox_sha1sum); pgcrypto is a trusted extension since PostgreSQL 13.
create extension if not exists pgcrypto;

create table xapi_statements (
    provider_id uuid not null references providers (id),
    id uuid not null,
    verb text not null,
    -- The statement in its comparison form (xAPI Data 2.3.1): a repeated id is "no change" only if this is equal.
    comparable text not null,
    statement jsonb not null,
    stored_at timestamptz not null,
    primary key (provider_id, id)
);

alter table completions alter column certification_number drop not null;
alter table completions add column learner_mbox_sha1sum text;
alter table completions add constraint completions_learner_known
    check (certification_number is not null or learner_mbox_sha1sum is not null);
create index completions_pending_mbox_idx on completions (learner_mbox_sha1sum)
    where state = 'pending-learner' and certification_number is null;
