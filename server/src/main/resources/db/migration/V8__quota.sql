-- Token allowance of one subscription for one period, shared by every gateway replica. A replica
-- takes a lease (tokens it may spend without asking again) by moving tokens from the free part
-- (allowance - consumed - leased) to 'leased', records what it spent by moving tokens from 'leased'
-- to 'consumed', and gives back what it did not spend. A replica that dies keeps its lease: those
-- tokens are lost for the period, never spent twice. 'overdraft' is the one reservation per period
-- that may go past the allowance (the request that straddles the limit). See the javadoc of the
-- package io.hyperlocal.server.quota for the argument.
create table quota_period (
    subscription_id text        not null,
    period_start    timestamptz not null,
    period_end      timestamptz not null,
    -- base allowance of the entitlement plus what the previous period carried over, fixed at creation
    allowance       bigint      not null check (allowance >= 0),
    rollover        bigint      not null default 0 check (rollover >= 0),
    leased          bigint      not null default 0 check (leased >= 0),
    consumed        bigint      not null default 0 check (consumed >= 0),
    overdraft       bigint      not null default 0 check (overdraft >= 0),
    -- size of the latest lease granted: how one update statement reports what it granted
    last_lease      bigint      not null default 0,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (subscription_id, period_start),
    check (period_end > period_start),
    -- The bound itself: whatever a bug in a replica does, the database refuses to hand out more.
    check (consumed + leased <= allowance + overdraft)
);

-- The previous period of a subscription is found by its end (rollover).
create index quota_period_by_end on quota_period (subscription_id, period_end);
