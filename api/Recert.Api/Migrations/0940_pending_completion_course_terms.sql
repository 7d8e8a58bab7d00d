-- A completion waiting for its learner keeps the course's terms (title, area, CEUs) as they stood when the provider
-- sent it: the learner is credited what the provider reported, not what the course says on the day the certification
-- is registered. Accepted completions need no copy (their ledger entry was written at push); NULL elsewhere.
alter table completions
    add column course_title text,
    add column course_area text,
    add column course_ceus numeric(6, 2);

-- Completions already waiting: their course's terms today are the best record there is.
update completions c
set course_title = pc.title, course_area = pc.area, course_ceus = pc.ceus
from provider_courses pc
where pc.id = c.course_id and c.state = 'pending-learner';
