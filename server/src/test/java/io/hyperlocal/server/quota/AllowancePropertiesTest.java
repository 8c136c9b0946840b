package io.hyperlocal.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For random sequences of admissions, settlements, early refills, maintenance, idle time and
 * replicas that die without giving their lease back (and restart empty), three replicas sharing
 * one database never charge together more than the allowance plus one request's maximum; the
 * database never records more than was charged; and, when the survivors stop cleanly, it records
 * exactly what they charged.
 */
class AllowancePropertiesTest {
    private static final Instant START = Instant.parse("2026-11-15T12:00:00Z");
    private static final AtomicInteger SUBSCRIPTIONS = new AtomicInteger();
    private static final int REPLICAS = 3;

    sealed interface Step {}

    record Admit(int replica, int tokens) implements Step {}

    /** Ends the {@code which}-th request in flight on the replica (modulo their number), using a share of it. */
    record Settle(int replica, int which, int percentUsed) implements Step {}

    /** Runs the replica's queued early refills. */
    record Background(int replica) implements Step {}

    record Maintain(int replica) implements Step {}

    record Wait(int seconds) implements Step {}

    /** The replica dies: its lease, its reservations and its unrecorded consumption are lost; it restarts empty. */
    record Crash(int replica) implements Step {}

    /** One replica as the test drives it: its refills wait in a queue until a {@link Background} step. */
    private static final class Replica {
        final ArrayDeque<Runnable> refills = new ArrayDeque<>();
        final List<Allowances.Reservation> inFlight = new ArrayList<>();
        final Allowances allowances;
        long chargedSinceReport;

        Replica(LeaseStore store, TestingClock clock, LeasePolicy policy) {
            allowances = new Allowances(store, clock, policy, refills::add);
        }
    }

    @Property(tries = 150)
    void replicasNeverChargeMoreThanTheAllowancePlusOneRequest(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 5_000) int allowance, @ForAll @IntRange(min = 1, max = 100) int leasePercent,
            @ForAll @IntRange(min = 0, max = 120) int idleReturnSeconds) {
        String subscription = "sub-property-" + SUBSCRIPTIONS.incrementAndGet();
        Entitlement entitlement = TestingEntitlements.allowance(subscription, allowance);
        TestingClock clock = new TestingClock(START);
        LeaseStore store = new LeaseStore(QuotaDatabase.dataSource());
        LeasePolicy policy = new LeasePolicy(leasePercent, Duration.ofSeconds(idleReturnSeconds), Duration.ZERO);
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(new Replica(store, clock, policy));
        }
        long charged = 0;
        long lostRecords = 0;
        long maxReservation = 0;
        for (Step step : steps) {
            switch (step) {
                case Admit admit -> {
                    maxReservation = Math.max(maxReservation, admit.tokens());
                    Replica replica = replicas.get(admit.replica());
                    if (replica.allowances.reserve(entitlement, admit.tokens()) instanceof Allowances.Reserved reserved) {
                        replica.inFlight.add(reserved.reservation());
                    }
                }
                case Settle settle -> {
                    Replica replica = replicas.get(settle.replica());
                    if (!replica.inFlight.isEmpty()) {
                        Allowances.Reservation reservation = replica.inFlight.remove(settle.which() % replica.inFlight.size());
                        long used = reservation.tokens() * settle.percentUsed() / 100;
                        replica.allowances.settle(reservation, used);
                        charged += used;
                        replica.chargedSinceReport += used;
                    }
                }
                case Background background -> {
                    Replica replica = replicas.get(background.replica());
                    while (!replica.refills.isEmpty()) {
                        replica.refills.poll().run();
                    }
                }
                case Maintain maintain -> {
                    Replica replica = replicas.get(maintain.replica());
                    replica.allowances.maintain();
                    replica.chargedSinceReport = 0;
                }
                case Wait wait -> clock.advance(Duration.ofSeconds(wait.seconds()));
                case Crash crash -> {
                    lostRecords += replicas.get(crash.replica()).chargedSinceReport;
                    replicas.set(crash.replica(), new Replica(store, clock, policy));
                }
            }
            assertThat(charged).as("charged after %s", step).isLessThanOrEqualTo(allowance + maxReservation);
            assertBounded(store, subscription, charged, maxReservation);
        }
        // The survivors end their requests and stop cleanly.
        for (Replica replica : replicas) {
            for (Allowances.Reservation reservation : replica.inFlight) {
                replica.allowances.settle(reservation, reservation.tokens());
                charged += reservation.tokens();
            }
            replica.refills.forEach(Runnable::run);
            replica.allowances.close();
        }
        assertThat(charged).isLessThanOrEqualTo(allowance + maxReservation);
        LeaseStore.PeriodRow row = assertBounded(store, subscription, charged, maxReservation);
        if (row != null) {
            assertThat(row.consumed()).isEqualTo(charged - lostRecords);
        }
    }

    private static LeaseStore.PeriodRow assertBounded(LeaseStore store, String subscription, long charged,
            long maxReservation) {
        LeaseStore.PeriodRow row;
        try {
            row = store.read(subscription, Instant.parse("2026-11-01T00:00:00Z"));
        } catch (io.hyperlocal.core.HyperlocalException noRowYet) {
            assertThat(charged).isZero();
            return null;
        }
        assertThat(row.consumed() + row.leased()).isLessThanOrEqualTo(row.allowance() + row.overdraft());
        assertThat(row.overdraft()).isLessThanOrEqualTo(maxReservation);
        assertThat(row.consumed()).as("recorded, never more than charged").isLessThanOrEqualTo(charged);
        return row;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> replica = Arbitraries.integers().between(0, REPLICAS - 1);
        Arbitrary<Step> admit = Combinators.combine(replica, Arbitraries.integers().between(1, 600)).as(Admit::new);
        Arbitrary<Step> settle = Combinators.combine(replica, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 100)).as(Settle::new);
        Arbitrary<Step> background = replica.map(Background::new);
        Arbitrary<Step> maintain = replica.map(Maintain::new);
        Arbitrary<Step> wait = Arbitraries.integers().between(0, 90).map(Wait::new);
        Arbitrary<Step> crash = replica.map(Crash::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, admit), net.jqwik.api.Tuple.of(6, settle), net.jqwik.api.Tuple.of(2, background),
                net.jqwik.api.Tuple.of(2, maintain), net.jqwik.api.Tuple.of(1, wait), net.jqwik.api.Tuple.of(1, crash))
                .list().ofMinSize(1).ofMaxSize(80);
    }
}
