-- Sites have a state; the platform team drains a site before maintenance, and marks one down.
alter table site add column state text not null default 'active'
    check (state in ('active', 'draining', 'down'));
alter table site add column updated_at timestamptz not null default now();

-- Engines declared for a site (remote OpenAI-compatible servers, simulated engines). The llama.cpp
-- engines of the embedded sites come from the models directory and are not stored.
create table site_engine (
    site_id         text    not null references site (id) on delete cascade,
    engine_id       text    not null,
    kind            text    not null check (kind in ('openai-compatible', 'simulated')),
    models          text[]  not null default '{}',
    max_concurrency integer not null default 8 check (max_concurrency > 0),
    base_url        text    not null default '',
    primary key (site_id, engine_id)
);

-- Residency policies are versioned: every change is a new row, the highest version is in force.
create table residency_policy (
    version    bigint primary key,
    rules      jsonb       not null,
    created_at timestamptz not null default now(),
    created_by text        not null
);

-- Keys have a role: clients call /v1, admins call /admin.
alter table api_key add column role text not null default 'client' check (role in ('client', 'admin'));
