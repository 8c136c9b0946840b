-- The usage ledger: one row per metered request, the unit of billing and audit. Rows come from the
-- gateways' local journals in batches; a journal shipped twice (after a crash between the insert and
-- the journal's deletion) inserts nothing the second time, thanks to the unique (source, id).
create table usage_ledger (
    -- Insertion order; the Kafka exporter reads the ledger by seq. Shippers serialise their inserts
    -- (an advisory lock), so a seq is never committed after a larger one.
    seq               bigint generated always as identity primary key,
    source            text        not null,
    id                text        not null,
    event_time        timestamptz not null,
    subject           text        not null,
    subscriber_id     text        not null,
    partner_app_id    text        not null,
    key_id            text        not null,
    subscription_id   text        not null,
    offering_id       text        not null,
    endpoint          text        not null,
    model             text        not null,
    site              text        not null,
    jurisdiction      text        not null,
    status            text        not null check (status in ('completed', 'failed', 'cancelled')),
    error_code        text        not null,
    prompt_tokens     integer     not null check (prompt_tokens >= 0),
    completion_tokens integer     not null check (completion_tokens >= 0),
    -- The CloudEvent exactly as the gateway wrote it.
    event             jsonb       not null,
    recorded_at       timestamptz not null default now(),
    unique (source, id)
);

create index usage_ledger_subject_time on usage_ledger (subject, event_time);
create index usage_ledger_time on usage_ledger (event_time);

-- Append-only: billing and audit read what was recorded, never a corrected copy.
create function usage_ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'usage_ledger is append-only: % is refused (record a correcting usage instead)', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger usage_ledger_no_update_or_delete before update or delete on usage_ledger
    for each row execute function usage_ledger_append_only();
create trigger usage_ledger_no_truncate before truncate on usage_ledger
    for each statement execute function usage_ledger_append_only();

-- Daily totals per subject (the subscriber, or the key's owner), subscription, model and site, in
-- UTC days, updated in the transaction that inserts the rows they count.
create table usage_daily (
    day               date   not null,
    subject           text   not null,
    subscription_id   text   not null,
    model             text   not null,
    site              text   not null,
    requests          bigint not null,
    failed            bigint not null,
    prompt_tokens     bigint not null,
    completion_tokens bigint not null,
    primary key (day, subject, subscription_id, model, site)
);

-- Where each exporter (Kafka) has got to in the ledger: the last seq it published.
create table usage_export_checkpoint (
    exporter   text primary key,
    seq        bigint      not null,
    updated_at timestamptz not null default now()
);
