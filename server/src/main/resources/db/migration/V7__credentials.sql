-- Credentials: partner applications act for the subscribers linked to them, and every replica of the
-- gateway learns within a second of any change to a key, a subscriber, a partner app or a link.

-- A partner application may call the gateway for a subscriber only once the operator linked them.
create table partner_app_subscriber (
    partner_app_id text        not null references partner_app (id) on delete cascade,
    subscriber_id  text        not null references subscriber (id) on delete cascade,
    created_at     timestamptz not null default now(),
    primary key (partner_app_id, subscriber_id)
);
create index partner_app_subscriber_by_subscriber on partner_app_subscriber (subscriber_id);

create index api_key_by_subscriber on api_key (subscriber_id) where subscriber_id is not null;
create index api_key_by_partner_app on api_key (partner_app_id) where partner_app_id is not null;

-- The change feed that each replica polls (every 250 ms) to forget what it cached. Triggers fill it,
-- so that every writer is covered, including cascading deletes and other modules' updates.
-- reference: the key's SHA-256 in hex, a subscriber id, a partner app id, or '<app id>/<subscriber id>'.
create table credential_change (
    seq        bigserial primary key,
    kind       text        not null check (kind in ('api_key', 'subscriber', 'partner_app', 'partner_link')),
    reference  text        not null,
    changed_at timestamptz not null default clock_timestamp()
);
create index credential_change_by_time on credential_change (changed_at);

create function credential_change_api_key() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into credential_change (kind, reference) values ('api_key', encode(old.hash, 'hex'));
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into credential_change (kind, reference) values ('api_key', encode(new.hash, 'hex'));
    end if;
    return null;
end $$;
create trigger api_key_changed after insert or update or delete on api_key
    for each row execute function credential_change_api_key();

-- Inserts need no event: nothing caches a subscriber or an app that did not exist.
create function credential_change_party() returns trigger language plpgsql as $$
begin
    insert into credential_change (kind, reference) values (tg_argv[0], old.id);
    return null;
end $$;
create trigger subscriber_changed after update or delete on subscriber
    for each row execute function credential_change_party('subscriber');
create trigger partner_app_changed after update or delete on partner_app
    for each row execute function credential_change_party('partner_app');

create function credential_change_partner_link() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        insert into credential_change (kind, reference)
        values ('partner_link', old.partner_app_id || '/' || old.subscriber_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into credential_change (kind, reference)
        values ('partner_link', new.partner_app_id || '/' || new.subscriber_id);
    end if;
    return null;
end $$;
create trigger partner_link_changed after insert or update or delete on partner_app_subscriber
    for each row execute function credential_change_partner_link();
