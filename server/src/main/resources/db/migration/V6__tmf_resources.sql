-- TM Forum Open API resources (TMF620 catalog, TMF622 orders, TMF637 products): each is kept as its
-- JSON document, with the columns that queries need beside it.
create table tmf_resource (
    kind        text        not null check (kind in ('productSpecification', 'productOffering',
                                                     'productOfferingPrice', 'productOrder', 'product')),
    id          text        not null,
    document    jsonb       not null,
    -- lifecycleStatus (catalog), state (order) or status (product)
    state       text        not null default '',
    -- the customer party of an order or a product (a subscriber id)
    party_id    text        not null default '',
    -- when the lifecycle job must next look at a product (the end of its promotional term)
    due_at      timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (kind, id)
);
create index tmf_resource_party on tmf_resource (kind, party_id) where party_id <> '';
create index tmf_resource_due on tmf_resource (due_at) where due_at is not null;
create index tmf_resource_listing on tmf_resource (kind, created_at, id);

-- One row, bumped in the same transaction as every write to tmf_resource: gateway replicas poll it
-- to learn, cheaply, that their in-memory entitlements are stale.
create table tmf_change (
    singleton boolean primary key default true check (singleton),
    revision  bigint  not null
);
insert into tmf_change (revision) values (0);

-- Event subscriptions (TMF hub): a BSS registers a callback per API.
create table tmf_hub (
    id         text primary key,
    api        text        not null,
    callback   text        not null,
    query      text        not null default '',
    created_at timestamptz not null default now()
);

-- Outbox of events, one row per (event, hub): written with the change that caused it, delivered by
-- a background worker with retries.
create table tmf_event (
    id              bigserial primary key,
    hub_id          text        not null references tmf_hub (id) on delete cascade,
    event_id        text        not null,
    event_type      text        not null,
    payload         jsonb       not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    delivered_at    timestamptz,
    gave_up_at      timestamptz,
    last_error      text        not null default '',
    created_at      timestamptz not null default now(),
    unique (hub_id, event_id)
);
create index tmf_event_pending on tmf_event (next_attempt_at) where delivered_at is null and gave_up_at is null;
