package io.hyperlocal.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Periods change at midnight UTC and on the first of the month, and carry their unused share. */
class PeriodRolloverTest {
    private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();

    private final LeaseStore store = new LeaseStore(QuotaDatabase.dataSource());

    private static Entitlement entitlement(String id, long allowance, AllowancePeriod period, int rolloverPercent,
            Instant anchor) {
        return new Entitlement(id, "offer-" + id, Set.of("*"), allowance, period, rolloverPercent, Entitlement.UNLIMITED,
                Entitlement.UNLIMITED, Entitlement.UNLIMITED, List.of(), anchor);
    }

    private static String subscription() {
        return "sub-period-" + SUBSCRIPTIONS.incrementAndGet();
    }

    @Test
    void calendarPeriodsStartAtMidnightUtcAndOnTheFirstOfTheMonth() {
        Instant now = Instant.parse("2026-01-31T23:59:59.999Z");
        assertThat(PeriodWindow.containing(AllowancePeriod.CALENDAR_DAY, Entitlement.NO_ANCHOR, now))
                .isEqualTo(new PeriodWindow(Instant.parse("2026-01-31T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")));
        assertThat(PeriodWindow.containing(AllowancePeriod.CALENDAR_MONTH, Entitlement.NO_ANCHOR, now))
                .isEqualTo(new PeriodWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")));
        assertThat(PeriodWindow.containing(AllowancePeriod.CALENDAR_MONTH, Entitlement.NO_ANCHOR,
                Instant.parse("2026-02-01T00:00:00Z")).start()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void rollingPeriodsRepeatFromTheSubscriptionStart() {
        Instant anchor = Instant.parse("2026-01-31T10:00:00Z");
        assertThat(PeriodWindow.containing(AllowancePeriod.ROLLING_MONTH, anchor, Instant.parse("2026-02-28T09:59:59Z")))
                .isEqualTo(new PeriodWindow(anchor, Instant.parse("2026-02-28T10:00:00Z")));
        // Months are added to the start, not chained: after the short February the 31st comes back.
        assertThat(PeriodWindow.containing(AllowancePeriod.ROLLING_MONTH, anchor, Instant.parse("2026-03-15T00:00:00Z")))
                .isEqualTo(new PeriodWindow(Instant.parse("2026-02-28T10:00:00Z"), Instant.parse("2026-03-31T10:00:00Z")));
        assertThat(PeriodWindow.containing(AllowancePeriod.ROLLING_DAY, anchor, Instant.parse("2026-02-02T09:00:00Z")))
                .isEqualTo(new PeriodWindow(Instant.parse("2026-02-01T10:00:00Z"), Instant.parse("2026-02-02T10:00:00Z")));
    }

    @Test
    void atMidnightANewDayStartsWithTheRolloverOfTheUnusedAllowance() {
        String id = subscription();
        // Subscribed on the 10th: that first day carries nothing in.
        Entitlement daily = entitlement(id, 1000, AllowancePeriod.CALENDAR_DAY, 50, Instant.parse("2026-03-10T08:00:00Z"));
        TestingClock clock = new TestingClock("2026-03-10T23:59:59Z");
        Allowances replica = new Allowances(store, clock, LeasePolicy.DEFAULTS, Runnable::run);

        spend(replica, daily, 300);
        // A request admitted before midnight and ended after it belongs to the day it was admitted in.
        Allowances.Reservation late = reserve(replica, daily, 100);
        clock.advance(Duration.ofSeconds(1));
        replica.settle(late, 100);
        replica.maintain();
        assertThat(store.read(id, Instant.parse("2026-03-10T00:00:00Z")).consumed()).isEqualTo(400);

        // The first request of the new day opens its period: 1000 + 50 % of the 600 left unused.
        spend(replica, daily, 10);
        replica.close();
        LeaseStore.PeriodRow today = store.read(id, Instant.parse("2026-03-11T00:00:00Z"));
        assertThat(today.rollover()).isEqualTo(300);
        assertThat(today.allowance()).isEqualTo(1300);
        assertThat(today.consumed()).isEqualTo(10);
        assertThat(today.leased()).isZero();
    }

    @Test
    void theFirstOfTheMonthCarriesItsShareOfWhatWasLeftAndTheNewAllowanceIsUsableToTheEnd() {
        String id = subscription();
        Entitlement monthly = entitlement(id, 10_000, AllowancePeriod.CALENDAR_MONTH, 20,
                Instant.parse("2026-01-10T00:00:00Z"));
        TestingClock clock = new TestingClock("2026-01-31T23:00:00Z");
        Allowances replica = new Allowances(store, clock, LeasePolicy.DEFAULTS, Runnable::run);
        spend(replica, monthly, 4_000);

        clock.set(Instant.parse("2026-02-01T00:00:00Z"));
        // Maintenance (every second) gives January's lease back; tokens still leased when February's
        // row is created would count as used.
        replica.maintain();
        assertThat(store.read(id, Instant.parse("2026-01-01T00:00:00Z")).leased()).isZero();
        // 10,000 + 20 % of 6,000: 11,200 tokens, which requests of 100 use up exactly.
        int admitted = 0;
        while (replica.reserve(monthly, 100) instanceof Allowances.Reserved reserved) {
            replica.settle(reserved.reservation(), 100);
            admitted++;
        }
        assertThat(admitted).isEqualTo(112);
        replica.close();
        assertThat(store.read(id, Instant.parse("2026-02-01T00:00:00Z")).allowance()).isEqualTo(11_200);

        // The exhausted answer says when the period resets.
        Allowances fresh = new Allowances(store, clock, LeasePolicy.DEFAULTS, Runnable::run);
        assertThat(fresh.reserve(monthly, 100)).isEqualTo(new Allowances.Exhausted(11_200, 0,
                Instant.parse("2026-03-01T00:00:00Z")));
        fresh.close();
    }

    @Test
    void aMonthNobodyUsedCarriesItsWholeShareAndANewSubscriptionCarriesNothing() {
        String old = subscription();
        Entitlement since2025 = entitlement(old, 1000, AllowancePeriod.CALENDAR_MONTH, 30, Instant.parse("2025-06-01T00:00:00Z"));
        String young = subscription();
        Entitlement sinceMidMarch = entitlement(young, 1000, AllowancePeriod.CALENDAR_MONTH, 30,
                Instant.parse("2026-03-15T00:00:00Z"));
        TestingClock clock = new TestingClock("2026-04-02T08:00:00Z");
        Allowances replica = new Allowances(store, clock, LeasePolicy.DEFAULTS, Runnable::run);
        spend(replica, since2025, 1);
        spend(replica, sinceMidMarch, 1);
        replica.close();
        assertThat(store.read(old, Instant.parse("2026-04-01T00:00:00Z")).allowance()).isEqualTo(1300);
        assertThat(store.read(young, Instant.parse("2026-04-01T00:00:00Z")).allowance()).isEqualTo(1000);
    }

    @Test
    void theRequestThatStraddlesTheEndGetsTheGapOnceAndTheNextOneIsRefused() {
        String id = subscription();
        Entitlement monthly = entitlement(id, 1000, AllowancePeriod.CALENDAR_MONTH, 0, Entitlement.NO_ANCHOR);
        TestingClock clock = new TestingClock("2026-05-05T05:00:00Z");
        Allowances replica = new Allowances(store, clock, LeasePolicy.DEFAULTS, Runnable::run);
        spend(replica, monthly, 900);
        Allowances.Reservation straddling = reserve(replica, monthly, 300);
        replica.settle(straddling, 300);
        assertThat(replica.reserve(monthly, 1)).isInstanceOf(Allowances.Exhausted.class);
        replica.close();
        LeaseStore.PeriodRow row = store.read(id, Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(row.consumed()).isEqualTo(1200);
        assertThat(row.overdraft()).isEqualTo(200);
    }

    private static void spend(Allowances replica, Entitlement entitlement, long tokens) {
        replica.settle(reserve(replica, entitlement, tokens), tokens);
    }

    private static Allowances.Reservation reserve(Allowances replica, Entitlement entitlement, long tokens) {
        Allowances.Outcome outcome = replica.reserve(entitlement, tokens);
        assertThat(outcome).isInstanceOf(Allowances.Reserved.class);
        return ((Allowances.Reserved) outcome).reservation();
    }
}
