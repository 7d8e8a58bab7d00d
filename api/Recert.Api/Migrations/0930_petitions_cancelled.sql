-- An unpaid petition whose activity can no longer count toward any open or future cycle (an early renewal moved the
-- cycle past it) is cancelled at checkout instead of being charged (issue 12).
alter table petitions drop constraint petitions_status_check;
alter table petitions add constraint petitions_status_check
    check (status in ('awaiting-payment', 'awaiting-review', 'approved', 'denied', 'cancelled'));
