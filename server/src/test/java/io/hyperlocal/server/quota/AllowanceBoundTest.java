package io.hyperlocal.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;

/**
 * 500 admissions at once from one subscriber against a small allowance, on one replica and on two
 * replicas sharing the database: together they never charge more than the allowance plus one
 * request's maximum, and the allowance is usable to within one request's maximum.
 *
 * <p>The lower bound is checked after the concurrent burst, by requests one at a time until the
 * first refusal: a replica refuses only when what it holds plus what the database has free is less
 * than the request's reservation, so with nothing in flight a refusal leaves less than one
 * request's maximum unused. A token stranded by the burst (a lease never given back, a reservation
 * never released) would show as a refusal further below the allowance.
 */
class AllowanceBoundTest {
    private static final int REQUESTS = 500;
    private static final int OVERHEAD = 16;
    private static final long ALLOWANCE = 20_000;
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();

    /** What a run charged, counted by the callers (the truth the database must agree with). */
    private static final class Tally {
        final AtomicLong charged = new AtomicLong();
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final LongAccumulator maxReservation = new LongAccumulator(Math::max, 0);
    }

    @Test
    void oneReplicaNeverChargesMoreThanTheAllowancePlusOneRequest() throws Exception {
        String subscriber = "sub-bound-" + SUBSCRIBERS.incrementAndGet();
        TestingEntitlements entitlements = new TestingEntitlements();
        entitlements.set(subscriber, List.of(TestingEntitlements.allowance(subscriber + "-ai", ALLOWANCE)));
        TestingClock clock = new TestingClock("2026-11-15T12:00:00Z");
        LeaseStore store = new LeaseStore(QuotaDatabase.dataSource());
        Allowances replica = new Allowances(store, clock, new LeasePolicy(10, Duration.ofHours(1), Duration.ZERO),
                Runnable::run);
        Enforcement enforcement = new Enforcement(entitlements, replica, new Enforcement.Settings(1024, OVERHEAD), clock);

        Tally tally = burst(List.of(enforcement), subscriber, 1);
        assertThat(tally.refused.get()).as("the burst asks for far more than the allowance").isPositive();
        assertThat(tally.admitted.get()).isPositive();
        assertThat(tally.charged.get()).isLessThanOrEqualTo(ALLOWANCE + tally.maxReservation.get());
        assertThat(enforcement.inFlight()).isZero();

        drain(enforcement, subscriber, tally);
        replica.close();
        assertUsedExactly(store, subscriber + "-ai", clock, tally);
    }

    @Test
    void twoReplicasSharingTheDatabaseNeverChargeMoreThanTheAllowancePlusOneRequest() throws Exception {
        String subscriber = "sub-bound-" + SUBSCRIBERS.incrementAndGet();
        TestingEntitlements entitlements = new TestingEntitlements();
        entitlements.set(subscriber, List.of(TestingEntitlements.allowance(subscriber + "-ai", ALLOWANCE)));
        TestingClock clock = new TestingClock("2026-11-15T12:00:00Z");
        LeaseStore store = new LeaseStore(QuotaDatabase.dataSource());
        // Each replica has its own memory, its own refill thread and its own maintenance, which gives
        // back surplus (and, with idle-return-after 0, every lease with nothing in flight) every 2 ms.
        LeasePolicy policy = new LeasePolicy(5, Duration.ZERO, Duration.ZERO);
        List<ExecutorService> refillers = List.of(Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor());
        List<Allowances> replicas = List.of(new Allowances(store, clock, policy, refillers.get(0)),
                new Allowances(store, clock, policy, refillers.get(1)));
        List<Enforcement> enforcements = replicas.stream()
                .map(replica -> new Enforcement(entitlements, replica, new Enforcement.Settings(1024, OVERHEAD), clock))
                .toList();
        ScheduledExecutorService maintenance = Executors.newScheduledThreadPool(2);
        replicas.forEach(replica -> maintenance.scheduleWithFixedDelay(replica::maintain, 2, 2, TimeUnit.MILLISECONDS));

        Tally tally = burst(enforcements, subscriber, 2);
        maintenance.shutdown();
        assertThat(maintenance.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (ExecutorService refiller : refillers) {
            refiller.shutdown();
            assertThat(refiller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(tally.refused.get()).isPositive();
        assertThat(tally.charged.get()).isLessThanOrEqualTo(ALLOWANCE + tally.maxReservation.get());
        LeaseStore.PeriodRow row = store.read(subscriber + "-ai", java.time.Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(row.consumed() + row.leased()).isLessThanOrEqualTo(row.allowance() + row.overdraft());

        // Both replicas stop and give their leases back; a third one, started afresh, can use the rest.
        replicas.forEach(Allowances::close);
        Allowances third = new Allowances(store, clock, policy, Runnable::run);
        drain(new Enforcement(entitlements, third, new Enforcement.Settings(1024, OVERHEAD), clock), subscriber, tally);
        third.close();
        assertUsedExactly(store, subscriber + "-ai", clock, tally);
    }

    /** {@value #REQUESTS} threads released at once, each admitting one request and settling a random real usage. */
    private static Tally burst(List<Enforcement> replicas, String subscriber, long seed) throws InterruptedException {
        Tally tally = new Tally();
        CountDownLatch ready = new CountDownLatch(REQUESTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < REQUESTS; i++) {
            int request = i;
            Thread thread = Thread.ofPlatform().unstarted(() -> {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003 + request);
                Enforcement enforcement = replicas.get(request % replicas.size());
                long promptBytes = random.nextInt(0, 200);
                int maxTokens = random.nextInt(1, 300);
                tally.maxReservation.accumulate(promptBytes + OVERHEAD + maxTokens);
                String id = "req_" + subscriber + "_" + request;
                ready.countDown();
                try {
                    go.await();
                    once(enforcement, subscriber, id, promptBytes, maxTokens, random, tally);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        ready.await();
        go.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(failures).isEmpty();
        return tally;
    }

    /** Requests one at a time until the first refusal: the proof that nothing was stranded. */
    private static void drain(Enforcement enforcement, String subscriber, Tally tally) {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; ; i++) {
            long promptBytes = random.nextInt(0, 200);
            int maxTokens = random.nextInt(1, 300);
            long reservation = promptBytes + OVERHEAD + maxTokens;
            tally.maxReservation.accumulate(reservation);
            if (!once(enforcement, subscriber, "req_drain_" + subscriber + "_" + i, promptBytes, maxTokens, random, tally)) {
                break;
            }
        }
        assertThat(tally.charged.get()).as("charged once nothing is in flight and a request is refused")
                .isGreaterThan(ALLOWANCE - tally.maxReservation.get())
                .isLessThanOrEqualTo(ALLOWANCE + tally.maxReservation.get());
    }

    private static boolean once(Enforcement enforcement, String subscriber, String id, long promptBytes, int maxTokens,
            SplittableRandom random, Tally tally) {
        Enforcement.Admitted admitted;
        try {
            admitted = enforcement.admit(id, subscriber, "stories260k", maxTokens, promptBytes);
        } catch (QuotaRefusal refusal) {
            assertThat(refusal.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
            tally.refused.incrementAndGet();
            return false;
        }
        assertThat(admitted.reservedTokens()).isEqualTo(promptBytes + OVERHEAD + maxTokens);
        long used = random.nextLong(0, admitted.reservedTokens() + 1);
        enforcement.settle(id, used);
        enforcement.settle(id, used); // settling twice charges once
        tally.charged.addAndGet(used);
        tally.admitted.incrementAndGet();
        return true;
    }

    /** Once every replica gave its leases back, the database holds exactly what the callers were charged. */
    private static void assertUsedExactly(LeaseStore store, String subscriptionId, TestingClock clock, Tally tally) {
        LeaseStore.PeriodRow row = store.read(subscriptionId,
                PeriodWindow.containing(io.hyperlocal.server.entitlement.AllowancePeriod.CALENDAR_MONTH,
                        java.time.Instant.EPOCH, clock.instant()).start());
        assertThat(row.allowance()).isEqualTo(ALLOWANCE);
        assertThat(row.consumed()).isEqualTo(tally.charged.get());
        assertThat(row.leased()).isZero();
        assertThat(row.overdraft()).isLessThanOrEqualTo(tally.maxReservation.get());
        assertThat(row.consumed()).isLessThanOrEqualTo(row.allowance() + row.overdraft());
    }
}
