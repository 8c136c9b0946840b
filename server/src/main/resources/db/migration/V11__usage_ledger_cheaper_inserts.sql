-- The ledger's inserts are the platform's largest database cost (one row per request). Two changes
-- halve it (measured: 20,000 rows in 790 ms before, about 380 ms after, on the 2-core build machine):
--
-- * the CloudEvent is kept as json, the exact text the gateway journaled, instead of jsonb. Nothing
--   queries inside it; jsonb parsed every event into a binary form (a third of the insert's cost) and
--   gave back a re-ordered text, where an audit ledger should return what was written;
-- * event_time gets a BRIN index instead of a B-tree. Rows arrive in nearly time order, so block
--   ranges summarise them well for the time-range reads of the usage API and the CSV export, at
--   almost no cost per insert. Per-subject reads keep their B-tree (usage_ledger_subject_time).
alter table usage_ledger alter column event type json using event::json;
drop index usage_ledger_time;
create index usage_ledger_time on usage_ledger using brin (event_time);
