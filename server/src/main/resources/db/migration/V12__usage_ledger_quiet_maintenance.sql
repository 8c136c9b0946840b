-- The ledger only grows, by one row per request. Autovacuum visits it after every fifth of its size in
-- new rows, to mark the new pages all-visible (and, much later, to freeze them), and autoanalyze samples
-- it. Both can wait, and neither should take a core from the gateways that share the machine: measured
-- on the 2-core build machine at 5,000 requests/s, a pass at the default speed took 40 % of a core for
-- about two seconds and tripled the gateway's p99. At a cost delay of 20 ms instead of 2 the same
-- work is spread over ten times as long.
alter table usage_ledger set (autovacuum_vacuum_cost_delay = 20);

-- Nothing filters, groups or joins on the event text: its statistics would only cost every analyze a
-- read of each sampled event.
alter table usage_ledger alter column event set statistics 0;
