-- ASP.NET Core Data Protection key ring (session cookies, webhook signing secrets), shared by every API instance.
create table data_protection_keys (
    id bigint generated always as identity primary key,
    friendly_name text not null unique,
    xml text not null,
    created_at timestamptz not null default now()
);

-- Webhook signing secrets are now Data Protection payloads, not whsec_ strings (converted at start-up).
comment on column webhook_endpoints.secret is 'Data Protection payload (purpose Recert.Webhooks.SigningSecret.v1) of the whsec_ secret';
comment on column webhook_endpoints.previous_secret is 'Data Protection payload of the previous whsec_ secret, during rotation';
