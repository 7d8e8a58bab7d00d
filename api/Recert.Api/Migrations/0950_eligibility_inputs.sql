-- The eligibility read model (CQRS): what the eligibility rules read of a certification's CE activities and CPR/AED
-- cards, as parallel arrays in one or a few rows. A certification's activities arrive over years among everyone else's,
-- so reading them from ce_activities touches ~20 scattered heap pages per certification; this is one page.
-- Kept current by statement-level triggers, in the same transaction as every change to either table (COPY, staff fixes
-- and every use case alike). Activities sit in chunks of up to 8 in (created_at, id) order: an insert appends the new
-- rows to the certification's last chunk (one upsert per certification in the statement), so a write costs the same
-- whether the certification has 20 activities or 2,000; an update or delete rebuilds the certification's chunks from
-- the table. Readers sort again, because two transactions adding to one certification may commit in the other order.
-- Cards (a handful per certification) are rebuilt on every change and kept in chunk 0, which exists for every
-- certification that has an activity or a card.
create table certification_eligibility_inputs (
    certification_id uuid not null references certifications (id) on delete cascade,
    chunk integer not null,
    activity_ids uuid[] not null default '{}',
    activity_created_at timestamptz[] not null default '{}',
    activity_sources text[] not null default '{}',
    activity_areas text[] not null default '{}',
    activity_ceus numeric(6, 2)[] not null default '{}',
    activity_completed_on date[] not null default '{}',
    activity_states text[] not null default '{}',
    activity_course_keys text[] not null default '{}',
    activity_has_document boolean[] not null default '{}',
    activity_used_in_renewal boolean[] not null default '{}',
    card_ids uuid[] not null default '{}',
    card_kinds text[] not null default '{}',
    card_expires_on date[] not null default '{}',
    card_hands_on boolean[] not null default '{}',
    card_has_front boolean[] not null default '{}',
    card_has_back boolean[] not null default '{}',
    primary key (certification_id, chunk)
) with (fillfactor = 70, toast_tuple_target = 8160); -- room for in-page (HOT) updates; a chunk stays inline, uncompressed

create function eligibility_inputs_rebuild_activities(certification_ids uuid[]) returns void
language sql as $$
    with numbered as (
        select a.*, (row_number() over (partition by a.certification_id order by a.created_at, a.id) - 1) / 8 as chunk
        from ce_activities a
        where a.certification_id = any (certification_ids)
    ),
    upserted as (
        insert into certification_eligibility_inputs as e (certification_id, chunk, activity_ids, activity_created_at, activity_sources, activity_areas, activity_ceus, activity_completed_on, activity_states, activity_course_keys, activity_has_document, activity_used_in_renewal)
        select c.id,
               coalesce(n.chunk, 0),
               coalesce(array_agg(n.id order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.created_at order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.source order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.area order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.ceus order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.completed_on order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.state order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.course_key order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.document_id is not null order by n.created_at, n.id) filter (where n.id is not null), '{}'),
               coalesce(array_agg(n.used_in_application_id is not null order by n.created_at, n.id) filter (where n.id is not null), '{}')
        from certifications c
        left join numbered n on n.certification_id = c.id
        where c.id = any (certification_ids)
        group by c.id, coalesce(n.chunk, 0)
        order by c.id, coalesce(n.chunk, 0)
        on conflict (certification_id, chunk) do update set
            activity_ids = excluded.activity_ids,
            activity_created_at = excluded.activity_created_at,
            activity_sources = excluded.activity_sources,
            activity_areas = excluded.activity_areas,
            activity_ceus = excluded.activity_ceus,
            activity_completed_on = excluded.activity_completed_on,
            activity_states = excluded.activity_states,
            activity_course_keys = excluded.activity_course_keys,
            activity_has_document = excluded.activity_has_document,
            activity_used_in_renewal = excluded.activity_used_in_renewal
        returning certification_id, chunk
    )
    delete from certification_eligibility_inputs e
    where e.certification_id = any (certification_ids)
      and not exists (select 1 from upserted u where u.certification_id = e.certification_id and u.chunk = e.chunk);
$$;

create function eligibility_inputs_rebuild_cards(certification_ids uuid[]) returns void
language sql as $$
    insert into certification_eligibility_inputs as e (certification_id, chunk, card_ids, card_kinds, card_expires_on, card_hands_on, card_has_front, card_has_back)
    select c.id,
           0,
           coalesce(array_agg(k.id order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}'),
           coalesce(array_agg(k.kind order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}'),
           coalesce(array_agg(k.expires_on order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}'),
           coalesce(array_agg(k.hands_on order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}'),
           coalesce(array_agg(k.front_document_id is not null order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}'),
           coalesce(array_agg(k.back_document_id is not null order by k.expires_on desc, k.created_at desc, k.id) filter (where k.id is not null), '{}')
    from certifications c
    left join cpr_aed_cards k on k.certification_id = c.id
    where c.id = any (certification_ids)
    group by c.id
    order by c.id
    on conflict (certification_id, chunk) do update set
        card_ids = excluded.card_ids,
        card_kinds = excluded.card_kinds,
        card_expires_on = excluded.card_expires_on,
        card_hands_on = excluded.card_hands_on,
        card_has_front = excluded.card_has_front,
        card_has_back = excluded.card_has_back;
$$;

create function eligibility_inputs_activities_inserted() returns trigger
language plpgsql as $$
begin
    insert into certification_eligibility_inputs as e (certification_id, chunk, activity_ids, activity_created_at, activity_sources, activity_areas, activity_ceus, activity_completed_on, activity_states, activity_course_keys, activity_has_document, activity_used_in_renewal)
    select n.certification_id,
           coalesce((
               select case when cardinality(l.activity_ids) < 8 then l.chunk else l.chunk + 1 end
               from certification_eligibility_inputs l
               where l.certification_id = n.certification_id
               order by l.chunk desc
               limit 1), 0),
           array_agg(n.id order by n.created_at, n.id),
           array_agg(n.created_at order by n.created_at, n.id),
           array_agg(n.source order by n.created_at, n.id),
           array_agg(n.area order by n.created_at, n.id),
           array_agg(n.ceus order by n.created_at, n.id),
           array_agg(n.completed_on order by n.created_at, n.id),
           array_agg(n.state order by n.created_at, n.id),
           array_agg(n.course_key order by n.created_at, n.id),
           array_agg(n.document_id is not null order by n.created_at, n.id),
           array_agg(n.used_in_application_id is not null order by n.created_at, n.id)
    from inserted_activities n
    group by n.certification_id
    order by n.certification_id
    on conflict (certification_id, chunk) do update set
        activity_ids = e.activity_ids || excluded.activity_ids,
        activity_created_at = e.activity_created_at || excluded.activity_created_at,
        activity_sources = e.activity_sources || excluded.activity_sources,
        activity_areas = e.activity_areas || excluded.activity_areas,
        activity_ceus = e.activity_ceus || excluded.activity_ceus,
        activity_completed_on = e.activity_completed_on || excluded.activity_completed_on,
        activity_states = e.activity_states || excluded.activity_states,
        activity_course_keys = e.activity_course_keys || excluded.activity_course_keys,
        activity_has_document = e.activity_has_document || excluded.activity_has_document,
        activity_used_in_renewal = e.activity_used_in_renewal || excluded.activity_used_in_renewal;
    return null;
end $$;

create function eligibility_inputs_activities_changed() returns trigger
language plpgsql as $$
begin
    perform eligibility_inputs_rebuild_activities(array(
        select certification_id from old_activities union select certification_id from new_activities));
    return null;
end $$;

create function eligibility_inputs_activities_deleted() returns trigger
language plpgsql as $$
begin
    perform eligibility_inputs_rebuild_activities(array(select distinct certification_id from old_activities));
    return null;
end $$;

create function eligibility_inputs_cards_inserted() returns trigger
language plpgsql as $$
begin
    perform eligibility_inputs_rebuild_cards(array(select distinct certification_id from new_cards));
    return null;
end $$;

create function eligibility_inputs_cards_changed() returns trigger
language plpgsql as $$
begin
    perform eligibility_inputs_rebuild_cards(array(
        select certification_id from old_cards union select certification_id from new_cards));
    return null;
end $$;

create function eligibility_inputs_cards_deleted() returns trigger
language plpgsql as $$
begin
    perform eligibility_inputs_rebuild_cards(array(select distinct certification_id from old_cards));
    return null;
end $$;

create trigger eligibility_inputs_activities_inserted after insert on ce_activities
    referencing new table as inserted_activities
    for each statement execute function eligibility_inputs_activities_inserted();
create trigger eligibility_inputs_activities_changed after update on ce_activities
    referencing old table as old_activities new table as new_activities
    for each statement execute function eligibility_inputs_activities_changed();
create trigger eligibility_inputs_activities_deleted after delete on ce_activities
    referencing old table as old_activities
    for each statement execute function eligibility_inputs_activities_deleted();
create trigger eligibility_inputs_cards_inserted after insert on cpr_aed_cards
    referencing new table as new_cards
    for each statement execute function eligibility_inputs_cards_inserted();
create trigger eligibility_inputs_cards_changed after update on cpr_aed_cards
    referencing old table as old_cards new table as new_cards
    for each statement execute function eligibility_inputs_cards_changed();
create trigger eligibility_inputs_cards_deleted after delete on cpr_aed_cards
    referencing old table as old_cards
    for each statement execute function eligibility_inputs_cards_deleted();

-- What is already stored.
select eligibility_inputs_rebuild_activities(array(select distinct certification_id from ce_activities));
select eligibility_inputs_rebuild_cards(array(select distinct certification_id from cpr_aed_cards));
