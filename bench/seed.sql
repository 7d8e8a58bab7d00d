-- Realistic data for the eligibility benchmark, generated inside PostgreSQL (generate_series, one pass per table).
-- psql -v certs=100000 -v per_cert=20 -f bench/seed.sql   (on a database the API has migrated; idempotent: skips when seeded)
-- Certifications BENCH-000001 … with cycles ending between 2025 and 2028; per_cert CE activities each, spread over the
-- six areas and four sources, completed before, inside and after the cycle; one CPR/AED card each (some expired,
-- some without hands-on); one fee schedule change.
\set ON_ERROR_STOP on
select exists (select 1 from certifications where number = 'BENCH-000001') as seeded \gset
\if :seeded
\echo 'already seeded'
\else
begin;
set local synchronous_commit = off;

insert into users (id, email, password_hash, first_name, last_name, role)
values ('00000000-0000-0000-0000-0000000be4c1', 'bench-seed@example.test', 'not-a-hash', 'Bench', 'Seed', 'certificant')
on conflict do nothing;

insert into documents (id, owner_user_id, file_name, content_type, size_bytes, sha256, content)
values ('00000000-0000-0000-0000-0000000d0c01', '00000000-0000-0000-0000-0000000be4c1', 'certificate.pdf', 'application/pdf', 9, 'x', '%PDF-1.4 '::bytea)
on conflict do nothing;

create temporary table bench_certs on commit drop as
select g as n,
       gen_random_uuid() as id,
       'BENCH-' || lpad(g::text, 6, '0') as number,
       date '2023-06-01' + (hashint4(g) & 1023) as cycle_start
from generate_series(1, :certs) as g;

insert into certifications (id, number, credential, first_name, last_name, email, cycle_start, expires_on, for_life)
select id, number, 'CPT', 'Holder', 'Number' || n, 'bench-' || n || '@example.test',
       cycle_start, (cycle_start + interval '2 years' - interval '1 day')::date, n % 11 = 0
from bench_certs;

insert into ce_activities (certification_id, source, title, area, ceus, completed_on, state, course_key, document_id)
select c.id,
       src.source,
       'Course ' || (h % 5000),
       (array['assessment', 'exercise-technique', 'program-design', 'nutrition', 'client-relations-and-administration', 'professional-practice-and-responsibility'])[1 + (h >> 3) % 6],
       (array[0.1, 0.2, 0.3, 0.5, 0.05, 1.0, 0.4, 0.15])[1 + (h >> 7) % 8]::numeric(6, 2),
       c.cycle_start - 200 + ((h >> 11) % 1000),
       case
           when src.source = 'petition' then (array['pending-review', 'approved', 'approved', 'rejected'])[1 + (h >> 21) % 4]
           when (h >> 23) % 40 = 0 then 'voided'
           else 'recorded'
       end,
       'T:COURSE ' || (h % 5000),
       case when src.source = 'other' and (h >> 25) % 3 > 0 then '00000000-0000-0000-0000-0000000d0c01'::uuid end
from bench_certs c
cross join generate_series(1, :per_cert) as a
cross join lateral (select abs(hashint8(c.n::bigint * 1000 + a)) as h) as hash
cross join lateral (select (array['category-a', 'provider', 'provider', 'other', 'other', 'petition'])[1 + (hash.h % 6)] as source) as src;

insert into cpr_aed_cards (certification_id, kind, provider, issued_on, expires_on, hands_on, front_document_id, back_document_id)
select id, 'cpr-aed', 'American Red Cross', cycle_start, cycle_start + 700 + (hashint4(n + 7) & 511), n % 17 <> 0,
       '00000000-0000-0000-0000-0000000d0c01', '00000000-0000-0000-0000-0000000d0c01'
from bench_certs;

insert into fee_schedules (effective_from, currency, renewal_cents, late_cents, additional_late_cents, for_life_cents, petition_cents)
values ('2026-01-01', 'USD', 10900, 3000, 5000, 29900, 2500)
on conflict do nothing;
commit;
\endif
vacuum analyze certifications;
vacuum analyze ce_activities;
vacuum analyze cpr_aed_cards;
select (select count(*) from certifications) as certifications, (select count(*) from ce_activities) as activities;
