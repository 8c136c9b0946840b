package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GeoPoint;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.Site;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Routing decision time for 5 or 50 sites x 20 engines (100 or 1,000 candidates), all scorers on.
 *
 * <p>Workload: sites in FR, DE, IT, ES, NL, BE, PL, SE (tagged {@code EU} and their country), CH and GB
 * (their country only) in turn, and from the 41st on none tagged {@code EU}: at 5 sites all five are
 * in the EU; at 50, 32 are (640 candidates) and the other 18 are filtered by residency. 20 engines per
 * site with random live load (a tenth of them down, a tenth with stale figures, a tenth saturated). A
 * DE requester (policy {@code DE -> {DE, EU}}) located in Frankfurt; one of 1,000 sessions per
 * request; a chat prompt of one of 50 shared 2,000-character system prompts (31 blocks) plus a
 * per-request question. The prefix index and session table are warmed by 5,000 decisions and keep
 * learning during the run, as in the gateway. One operation is one {@link Router#route} call: filters, four scorers, load guard,
 * highest-score picker with its shuffle, and the decision record.
 *
 * <p>Run (from the repository root; JDK 21+):
 *
 * <pre>
 * ./mvnw -q -B -o -pl core,routing install -DskipTests
 * ./mvnw -q -B -o -pl routing dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark.classpath
 * java -cp routing/target/test-classes:routing/target/classes:$(cat routing/target/benchmark.classpath) \
 *     io.hyperlocal.routing.BenchmarkRouting
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// As BenchmarkGateway: with 3 warm-up iterations C2 had not settled on the 2-core build machine.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BenchmarkRouting {
    private static final int ENGINES_PER_SITE = 20;
    private static final int SESSIONS = 1000;
    private static final int PROMPT_GROUPS = 50;
    private static final String[] COUNTRIES = {"FR", "DE", "IT", "ES", "NL", "BE", "PL", "SE", "CH", "GB"};

    /** 5 sites (100 candidates, all in the EU) or 50 (1,000; 18 of the sites are outside the EU). */
    @Param({"5", "50"})
    public int sites;

    private Router router;
    private ResidencyPolicy policy;
    private List<Candidate> candidates;
    private RoutingRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        Instant now = Instant.parse("2026-11-26T04:00:00Z");
        SplittableRandom random = new SplittableRandom(2026);
        candidates = new ArrayList<>(sites * ENGINES_PER_SITE);
        for (int s = 0; s < sites; s++) {
            String country = COUNTRIES[s % COUNTRIES.length];
            boolean eu = s < 40 && !country.equals("CH") && !country.equals("GB");
            Site site = new Site("site-" + s, "Site " + s, country, "City", 36 + random.nextDouble(24),
                    -9 + random.nextDouble(33), eu ? Set.of(country, "EU") : Set.of(country));
            for (int e = 0; e < ENGINES_PER_SITE; e++) {
                int roll = random.nextInt(10);
                EngineHealth health = roll == 0 ? new EngineHealth.Down("no heartbeat") : EngineHealth.READY;
                int waiting = roll == 1 ? 100 : random.nextInt(8);
                Instant observed = roll == 2 ? now.minusSeconds(10) : now.minusMillis(random.nextInt(500));
                candidates.add(new Candidate(site, "engine-" + e, Set.of("llama", "mistral"), 16, health,
                        new ObservedLoad(new EngineLoad(random.nextInt(17), waiting, 16, random.nextDouble(), 900),
                                observed)));
            }
        }
        policy = new ResidencyPolicy(1, Map.of("DE", ResidencyRule.allowing(Set.of("DE", "EU"))), ResidencyRule.EU_ONLY);
        router = new Router(RoutingConfig.DEFAULTS, InstantSource.fixed(now), new SplittableRandom(7));
        requests = new RoutingRequest[4096];
        RequesterLocation frankfurt = new RequesterLocation.At(new GeoPoint(50.11, 8.68));
        for (int i = 0; i < requests.length; i++) {
            String system = ("System prompt of group " + random.nextInt(PROMPT_GROUPS) + ". ").repeat(100).substring(0, 2000);
            Prompt prompt = new Prompt.Text(system + "Question " + i + ": how do I roam abroad with my plan?");
            requests[i] = new RoutingRequest("req-" + i, "llama", RequesterJurisdiction.of("DE"), frankfurt,
                    "session-" + random.nextInt(SESSIONS), router.blocks(prompt));
        }
        for (int i = 0; i < 5000; i++) {
            decide();
        }
    }

    @Benchmark
    public Route decide() {
        RoutingRequest request = requests[next++ & (requests.length - 1)];
        return router.route(request, policy, candidates);
    }

    /** Runs this benchmark; JMH command-line options (for example {@code -prof gc}) pass through. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(BenchmarkRouting.class.getSimpleName()).build()).run();
    }
}
