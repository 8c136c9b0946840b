package io.hyperlocal.server.quota;

import io.hyperlocal.server.access.ApiKeyAuthenticator;
import io.hyperlocal.server.access.ApiKeyStore;
import io.hyperlocal.server.access.KeyScope;
import io.hyperlocal.server.access.PartyDirectory;
import io.hyperlocal.server.access.Principal;
import io.hyperlocal.server.access.TestingParties;
import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Admission on the gateway's hot path, as JMH sample-time benchmarks: a sample of the calls, each timed
 * on its own, gives the mean and the percentiles, since what delays a few calls (the collector, the
 * maintenance and refill threads taking the core) shows in the tail, not in the mean. No measured call
 * waits for the database: leases are first taken before each iteration and refilled in the background.
 *
 * <ul>
 *   <li>{@code authenticate}: a subscriber's API key in an {@code Authorization: Bearer} header checked
 *       by {@link ApiKeyAuthenticator} against {@link ApiKeyStore}, as every request is: SHA-256 of the
 *       key, the in-memory cache, revocation, expiry and scope.
 *   <li>{@code admitAndSettle}: one {@link Enforcement#admit} and its {@link Enforcement#settle} for a
 *       random subscriber: the entitlement that allows the model, the allowance lease, the request and
 *       token rate limits and the concurrency limit, then the used tokens given back.
 *       {@code admitAndSettleFourThreads} runs the same on four threads at once.
 * </ul>
 *
 * <p>Workload: 1,000 subscribers, each with one subscription of 2,000,000 tokens a month (rollover
 * 10 %), limits of 1,000,000 requests and 1,000,000,000 tokens a minute (checked, never reached) and 16
 * streams; leases taken from a real embedded PostgreSQL with the platform's migrations; a prompt of
 * 200 to 2,000 bytes and 16 to 512 max tokens; each request settles a random usage within its
 * reservation. Maintenance (recording consumption, giving back surplus) runs every second on its own
 * thread, as in the gateway; lease refills run on a background thread. Each iteration starts on fresh
 * subscriptions, each admitted once before it ({@link Quotas#freshSubscriptions}).
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
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// As BenchmarkGateway: C2 needs several seconds to settle on the 2-core build machine.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BenchmarkAdmission {
    static final int SUBSCRIBERS = 1_000;
    private static final String MODEL = "stories260k";

    /** The quotas of 1,000 subscribers on a real PostgreSQL, with the gateway's maintenance running. */
    @State(Scope.Benchmark)
    public static class Quotas {
        private final TestingEntitlements entitlements = new TestingEntitlements();
        private final long run = System.nanoTime();
        private int iterations;
        private ScheduledExecutorService background;
        private Allowances allowances;
        private Enforcement enforcement;

        @Setup(Level.Trial)
        public void setUp() {
            Clock clock = Clock.systemUTC();
            background = Executors.newSingleThreadScheduledExecutor();
            allowances = new Allowances(new LeaseStore(QuotaDatabase.dataSource()), clock, LeasePolicy.DEFAULTS,
                    background);
            background.scheduleWithFixedDelay(allowances::maintain, 1, 1, TimeUnit.SECONDS);
            enforcement = new Enforcement(entitlements, allowances, new Enforcement.Settings(1024, 64), clock);
        }

        /**
         * Every subscriber gets a fresh subscription for each iteration, warm-ups included, and is
         * admitted once before it: JMH sends as many requests as fit in the iteration's time (millions),
         * which would run a 2,000,000-token allowance out within a few iterations; and opening the
         * subscription's rows is a database round trip a gateway pays once a period, not what is measured.
         */
        @Setup(Level.Iteration)
        public void freshSubscriptions() {
            int iteration = iterations++;
            for (int i = 0; i < SUBSCRIBERS; i++) {
                entitlements.set(subscriber(i), List.of(new Entitlement("bench-subscription-" + i + "-" + run + "-"
                        + iteration, "ai-assistant-pro", Set.of(MODEL, "qwen2.5-0.5b-instruct"), 2_000_000,
                        AllowancePeriod.CALENDAR_MONTH, 10, 1_000_000, 1_000_000_000, 16, List.of("FR"))));
            }
            for (int i = 0; i < SUBSCRIBERS; i++) {
                String id = "open_" + iteration + "_" + i;
                enforcement.admit(id, subscriber(i), MODEL, 16, 200);
                enforcement.settle(id, 10);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            background.shutdown();
            background.awaitTermination(10, TimeUnit.SECONDS);
            allowances.close();
        }
    }

    /** One subscriber's API key, stored as {@code POST /admin/keys} stores it. */
    @State(Scope.Benchmark)
    public static class Keys {
        private ApiKeyAuthenticator authenticator;
        private String authorization;

        @Setup(Level.Trial)
        public void setUp() {
            DataSource dataSource = QuotaDatabase.dataSource();
            long run = System.nanoTime();
            String subscriberId = "bench-key-subscriber-" + run;
            TestingParties.update(dataSource, "insert into subscriber (id, msisdn, country, billing_account)"
                    + " values (?, ?, 'FR', ?)", subscriberId, "+3361" + String.format("%09d", run % 1_000_000_000L),
                    "ba-" + run);
            ApiKeyStore keys = new ApiKeyStore(dataSource, Clock.systemUTC());
            String key = "hl-bench" + Long.toHexString(run) + "0123456789abcdef0123456789abcdef";
            keys.create(key, new KeyScope.Subscriber(subscriberId), Principal.Role.CLIENT, "bench", "FR",
                    "BenchmarkAdmission", Optional.empty());
            authenticator = new ApiKeyAuthenticator(keys, new PartyDirectory(dataSource), Optional.empty());
            authorization = "Bearer " + key;
            Principal principal = authenticator.authenticate(authorization, "");
            if (!principal.subscriberId().equals(subscriberId)) {
                throw new IllegalStateException("the benchmark key authenticated as " + principal);
            }
        }
    }

    /** One caller thread's random requests and request ids. */
    @State(Scope.Thread)
    public static class Caller {
        private static final AtomicInteger THREADS = new AtomicInteger();
        private final int thread = THREADS.incrementAndGet();
        private final SplittableRandom random = new SplittableRandom(2026L * 31 + thread);
        private long next;

        String nextId() {
            return "req_" + thread + "_" + next++;
        }
    }

    private static String subscriber(int i) {
        return "bench-subscriber-" + i;
    }

    @Benchmark
    public Object authenticate(Keys keys) {
        return keys.authenticator.authenticate(keys.authorization, "");
    }

    @Benchmark
    @Threads(1)
    public Object admitAndSettle(Quotas quotas, Caller caller) {
        return admitAndSettleOnce(quotas.enforcement, caller);
    }

    @Benchmark
    @Threads(4)
    public Object admitAndSettleFourThreads(Quotas quotas, Caller caller) {
        return admitAndSettleOnce(quotas.enforcement, caller);
    }

    private static Object admitAndSettleOnce(Enforcement enforcement, Caller caller) {
        SplittableRandom random = caller.random;
        String id = caller.nextId();
        long promptBytes = random.nextInt(200, 2_000);
        int maxTokens = random.nextInt(16, 512);
        Enforcement.Admitted admitted = enforcement.admit(id, subscriber(random.nextInt(SUBSCRIBERS)), MODEL,
                maxTokens, promptBytes);
        enforcement.settle(id, random.nextLong(1, promptBytes / 4 + maxTokens));
        return admitted;
    }

    /** Runs these benchmarks; JMH command-line options (for example {@code -prof gc}) pass through. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(BenchmarkAdmission.class.getSimpleName()).build()).run();
    }
}
