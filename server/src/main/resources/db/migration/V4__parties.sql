-- Parties: subscribers of the operator (imported from the BSS or created through the admin API) and
-- partner applications that call the gateway for them.
create table subscriber (
    id              text primary key,
    msisdn          text        not null unique check (msisdn ~ '^\+[1-9][0-9]{6,14}$'),
    country         char(2)     not null check (country ~ '^[A-Z]{2}$'),
    birth_year      integer     check (birth_year between 1900 and 2100),
    billing_account text        not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create table partner_app (
    id         text primary key,
    name       text        not null,
    created_at timestamptz not null default now()
);

-- A client key is scoped to a subscriber or to a partner application, and may expire.
alter table api_key add column subscriber_id text references subscriber (id) on delete cascade;
alter table api_key add column partner_app_id text references partner_app (id) on delete cascade;
alter table api_key add column expires_at timestamptz;
alter table api_key add constraint api_key_one_scope check (subscriber_id is null or partner_app_id is null);
