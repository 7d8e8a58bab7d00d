-- Migration 0950 gave each trigger its own function, and the update and delete functions of a table differed only in
-- which transition tables they read. One function per table and kind of change now branches on TG_OP (PL/pgSQL
-- resolves a transition table only in the branch that runs). Same rebuilds, same transaction as the writer; the
-- activities' insert trigger keeps its own function (it appends instead of rebuilding).

create function eligibility_inputs_activities_rebuilt() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        perform eligibility_inputs_rebuild_activities(array(
            select certification_id from old_activities union select certification_id from new_activities));
    else
        perform eligibility_inputs_rebuild_activities(array(select distinct certification_id from old_activities));
    end if;
    return null;
end $$;

create function eligibility_inputs_cards_rebuilt() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform eligibility_inputs_rebuild_cards(array(select distinct certification_id from new_cards));
    elsif tg_op = 'UPDATE' then
        perform eligibility_inputs_rebuild_cards(array(
            select certification_id from old_cards union select certification_id from new_cards));
    else
        perform eligibility_inputs_rebuild_cards(array(select distinct certification_id from old_cards));
    end if;
    return null;
end $$;

drop trigger eligibility_inputs_activities_changed on ce_activities;
drop trigger eligibility_inputs_activities_deleted on ce_activities;
drop trigger eligibility_inputs_cards_inserted on cpr_aed_cards;
drop trigger eligibility_inputs_cards_changed on cpr_aed_cards;
drop trigger eligibility_inputs_cards_deleted on cpr_aed_cards;
drop function eligibility_inputs_activities_changed();
drop function eligibility_inputs_activities_deleted();
drop function eligibility_inputs_cards_inserted();
drop function eligibility_inputs_cards_changed();
drop function eligibility_inputs_cards_deleted();

create trigger eligibility_inputs_activities_changed after update on ce_activities
    referencing old table as old_activities new table as new_activities
    for each statement execute function eligibility_inputs_activities_rebuilt();
create trigger eligibility_inputs_activities_deleted after delete on ce_activities
    referencing old table as old_activities
    for each statement execute function eligibility_inputs_activities_rebuilt();
create trigger eligibility_inputs_cards_inserted after insert on cpr_aed_cards
    referencing new table as new_cards
    for each statement execute function eligibility_inputs_cards_rebuilt();
create trigger eligibility_inputs_cards_changed after update on cpr_aed_cards
    referencing old table as old_cards new table as new_cards
    for each statement execute function eligibility_inputs_cards_rebuilt();
create trigger eligibility_inputs_cards_deleted after delete on cpr_aed_cards
    referencing old table as old_cards
    for each statement execute function eligibility_inputs_cards_rebuilt();
