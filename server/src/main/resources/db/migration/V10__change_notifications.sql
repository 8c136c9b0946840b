-- Tell listening replicas that something changed (ChangeSignals), so that their pollers query when a
-- change was committed instead of several times a second in case one was. Notifications are sent at
-- commit, once per transaction and payload; one lost while a replica was not listening is caught by
-- its pollers, which then query on every tick.
create function notify_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('hyperlocal_change', tg_argv[0]);
    return null;
end $$;

create trigger credential_change_notify after insert on credential_change
    for each statement execute function notify_change('credentials');
create trigger tmf_change_notify after update on tmf_change
    for each statement execute function notify_change('tmf');
create trigger tmf_event_notify after insert on tmf_event
    for each statement execute function notify_change('tmf_event');
