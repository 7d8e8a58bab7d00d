-- Today's eligibility answer per certification, stored by the first read of the day and read back whole by the next
-- ones (issue 16: the answer from one or two rows). Derived data only, so the table is unlogged: no WAL for the
-- writes, and after a crash PostgreSQL empties it and the next reads answer from the inputs again.
--
-- Stale answers are impossible by construction, not by expiry:
-- - version: every change to a certification's inputs (certification_eligibility_inputs, i.e. its activities and cards)
--   or to the certification's dates or number bumps it, in the writer's own transaction, and clears the answer. A reader
--   reads the version in the same statement as the inputs and stores its answer only while the version is still the one
--   it read (a writer still running holds the row, so the reader's upsert waits for its outcome, then finds the new
--   version and stores nothing). Writers insert the row when there is none, so that race is covered too.
-- - generation: any change to fee_schedules bumps the one row of eligibility_answer_generation; an answer counts only if
--   stored under the current generation (read with the inputs, so a fee change committed meanwhile invalidates it).
-- - answered_on and computed_by: an answer is for one organisation date and one build of the rules and time zone.
-- No foreign key to certifications: certifications are never deleted, and a key check would cost every writer.
create unlogged table eligibility_answers (
    certification_id uuid primary key,
    version bigint not null,
    answered_on date,
    computed_by text,
    generation bigint,
    answer text
);

create table eligibility_answer_generation (
    only_row boolean primary key default true check (only_row),
    generation bigint not null
);
insert into eligibility_answer_generation (generation) values (1);

create function eligibility_answers_invalidate(certification_ids uuid[]) returns void
language sql as $$
    insert into eligibility_answers as a (certification_id, version)
    select distinct unnest(certification_ids), 1
    order by 1
    on conflict (certification_id) do update set version = a.version + 1, answer = null;
$$;

create function eligibility_answers_inputs_changed() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform eligibility_answers_invalidate(array(select certification_id from old_inputs));
    else
        perform eligibility_answers_invalidate(array(select certification_id from new_inputs));
    end if;
    return null;
end $$;

create trigger eligibility_answers_inputs_inserted after insert on certification_eligibility_inputs
    referencing new table as new_inputs
    for each statement execute function eligibility_answers_inputs_changed();
create trigger eligibility_answers_inputs_updated after update on certification_eligibility_inputs
    referencing new table as new_inputs
    for each statement execute function eligibility_answers_inputs_changed();
create trigger eligibility_answers_inputs_deleted after delete on certification_eligibility_inputs
    referencing old table as old_inputs
    for each statement execute function eligibility_answers_inputs_changed();

create function eligibility_answers_certification_changed() returns trigger
language plpgsql as $$
begin
    perform eligibility_answers_invalidate(array[new.id]);
    return null;
end $$;

create trigger eligibility_answers_certification_changed after update of number, cycle_start, expires_on, for_life on certifications
    for each row when ((old.number, old.cycle_start, old.expires_on, old.for_life) is distinct from (new.number, new.cycle_start, new.expires_on, new.for_life))
    execute function eligibility_answers_certification_changed();

create function eligibility_answers_fees_changed() returns trigger
language plpgsql as $$
begin
    insert into eligibility_answer_generation as g (generation) values (2)
    on conflict (only_row) do update set generation = g.generation + 1;
    return null;
end $$;

create trigger eligibility_answers_fees_changed after insert or update or delete or truncate on fee_schedules
    for each statement execute function eligibility_answers_fees_changed();
