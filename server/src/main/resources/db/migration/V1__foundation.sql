-- API keys: only a SHA-256 of the key is stored; the key itself is shown once (the demo key is also
-- kept in <data-dir>/demo-api-key so a local user finds it again).
create table api_key (
    id           text primary key,
    prefix       text        not null,
    hash         bytea       not null unique,
    owner        text        not null,
    jurisdiction text        not null,
    description  text        not null default '',
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);

-- Sites of the federation. Engines are attached at start from the configuration and the models found.
create table site (
    id                text primary key,
    name              text             not null,
    country           char(2)          not null,
    city              text             not null,
    latitude          double precision not null,
    longitude         double precision not null,
    jurisdiction_tags text[]           not null default '{}',
    created_at        timestamptz      not null default now()
);
