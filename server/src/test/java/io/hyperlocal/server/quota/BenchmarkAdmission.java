package io.hyperlocal.server.quota;

import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Admission cost per request with entitlements and quotas on: one {@link Enforcement#admit} and its
 * {@link Enforcement#settle}, timed one by one, printed as percentiles.
 *
 * <p>Workload: 1,000 subscribers, each with one subscription of 2,000,000 tokens a month (10 %
 * leases), limits of 1,000,000 requests and 1,000,000,000 tokens per minute (checked, never reached) and 16 streams, leases taken from a
 * real embedded PostgreSQL with V8; a prompt of 200 to 2,000 bytes and 16 to 512 max tokens; each
 * request settles a random usage within its reservation. Maintenance (recording consumption,
 * giving back surplus) runs every second on its own thread, as in the gateway; lease refills run on
 * a background thread. After 200,000 warm-up requests, 1,000,000 are measured on 1 thread, then on
 * 4 threads at once. The first request of a subscriber in a period opens its row and takes a lease
 * (database round trips); the warm-up makes those rare, as in a running gateway.
 *
 * <p>Run (from the repository root; JDK 21+):
 *
 * <pre>
 * ./mvnw -q -B -o -pl server -am test-compile
 * ./mvnw -q -B -o -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
 * java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp server/target/test-classes:server/target/classes:core/target/classes:routing/target/classes:engines/target/classes:$(cat server/target/benchmark.classpath) \
 *     io.hyperlocal.server.quota.BenchmarkAdmission
 * </pre>
 */
public final class BenchmarkAdmission {
    private static final int SUBSCRIBERS = 1_000;
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 1_000_000;

    private BenchmarkAdmission() {}

    public static void main(String[] args) throws Exception {
        TestingEntitlements entitlements = new TestingEntitlements();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            String subscriber = "bench-subscriber-" + i;
            entitlements.set(subscriber, List.of(new Entitlement("bench-subscription-" + i + "-" + System.nanoTime(),
                    "ai-assistant-pro", Set.of("stories260k", "qwen2.5-0.5b-instruct"), 2_000_000,
                    AllowancePeriod.CALENDAR_MONTH, 10, 1_000_000, 1_000_000_000, 16, List.of("FR"))));
        }
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
        Allowances allowances = new Allowances(new LeaseStore(QuotaDatabase.dataSource()), clock, LeasePolicy.DEFAULTS,
                background);
        background.scheduleWithFixedDelay(allowances::maintain, 1, 1, TimeUnit.SECONDS);
        Enforcement enforcement = new Enforcement(entitlements, allowances, new Enforcement.Settings(1024, 64), clock);

        run(enforcement, 1, WARMUP, 1);
        System.out.printf("Admission + settlement per request, %d subscribers, PostgreSQL leases (%s)%n", SUBSCRIBERS,
                Runtime.version());
        System.out.println("| threads | requests | p50 | p90 | p99 | p99.9 | max |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int threads : new int[] {1, 4}) {
            long[] nanos = run(enforcement, threads, MEASURED, 2 + threads);
            Arrays.sort(nanos);
            System.out.printf("| %d | %,d | %s | %s | %s | %s | %s |%n", threads, nanos.length, micros(nanos, 0.50),
                    micros(nanos, 0.90), micros(nanos, 0.99), micros(nanos, 0.999), micros(nanos, 1.0));
        }
        background.shutdown();
        background.awaitTermination(10, TimeUnit.SECONDS);
        allowances.close();
        System.exit(0);
    }

    /** {@code requests} admissions spread over {@code threads}; the time of each admit + settle. */
    private static long[] run(Enforcement enforcement, int threads, int requests, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            parts.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed * 31 + thread);
                long[] nanos = new long[requests / threads];
                for (int i = 0; i < nanos.length; i++) {
                    String subscriber = "bench-subscriber-" + random.nextInt(SUBSCRIBERS);
                    String id = "req_" + seed + "_" + thread + "_" + i;
                    long promptBytes = random.nextInt(200, 2_000);
                    int maxTokens = random.nextInt(16, 512);
                    long used = random.nextLong(1, promptBytes / 4 + maxTokens);
                    long start = System.nanoTime();
                    enforcement.admit(id, subscriber, "stories260k", maxTokens, promptBytes);
                    enforcement.settle(id, used);
                    nanos[i] = System.nanoTime() - start;
                }
                return nanos;
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> part : parts) {
            long[] nanos = part.get();
            long[] merged = Arrays.copyOf(all, all.length + nanos.length);
            System.arraycopy(nanos, 0, merged, all.length, nanos.length);
            all = merged;
        }
        pool.shutdown();
        return all;
    }

    private static String micros(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return String.format("%.1f µs", sorted[Math.max(0, index)] / 1_000.0);
    }
}
