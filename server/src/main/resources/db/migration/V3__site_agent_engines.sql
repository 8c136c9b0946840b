-- Engines of site agents are their own kind: called with the federation token, healthy only while
-- the agent's heartbeats are fresh. Stored as such, a restarted control plane never treats them as
-- plain remote servers.
alter table site_engine drop constraint site_engine_kind_check;
alter table site_engine add constraint site_engine_kind_check
    check (kind in ('openai-compatible', 'simulated', 'site-agent'));
