-- In-app notifications (issue 12): what the certificant is emailed about (petition decided, audit selected, audit due,
-- renewal decided) is also listed in the portal, written in the same transaction as the email and the event.
create table notifications (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    certification_id uuid references certifications (id),
    kind text not null,
    title text not null,
    link_path text not null,
    created_at timestamptz not null,
    read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- The page of the portal an email is about, joined to the public base URL when it is sent.
alter table email_outbox add column link_path text;
