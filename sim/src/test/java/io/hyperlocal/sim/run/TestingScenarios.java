package io.hyperlocal.sim.run;

import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.sim.scenario.Failure;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.ResidencySpec;
import io.hyperlocal.sim.scenario.RoutingSpec;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.SiteSpec;
import io.hyperlocal.sim.scenario.Slo;
import io.hyperlocal.sim.scenario.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small scenarios built in Java for the tests: minutes of traffic on a few engines, seconds to run. */
public final class TestingScenarios {
    public static final SchedulerLimits SMALL_ENGINE = new SchedulerLimits(64, 256, 4096, 4000, 0.01);

    private TestingScenarios() {}

    public static SiteSpec site(String id, String country, double latitude, double longitude, Set<String> tags, int engines) {
        return new SiteSpec(id, country, id, latitude, longitude, tags, engines, "llama-3.1-8b-h100", 1, SMALL_ENGINE);
    }

    public static Population steady(String name, String country, double latitude, double longitude, double perSecond,
            double narrowedShare, Set<String> narrowedTo) {
        return new Population(name, country, name, latitude, longitude, 0, 0, 0, 0, flat(), List.of(), perSecond,
                perSecond, narrowedShare, narrowedTo);
    }

    public static double[] flat() {
        double[] ones = new double[24];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    /** Chat turns with a few shared system prompts and follow-ups. */
    public static Workload chat() {
        return new Workload(200, 800, 120, 300, 8192, 8, 512, 0.7, 2, 5);
    }

    /** Two French sites and a German one; FR and DE requesters, 20% of FR narrowed to FR. */
    public static Scenario twoCountries(long seed, Duration duration, double perSecond) {
        return new Scenario("two-countries", seed, duration,
                List.of(site("fr-par", "FR", 48.86, 2.35, Set.of("EU", "FR"), 2),
                        site("fr-mrs", "FR", 43.30, 5.37, Set.of("EU", "FR"), 1),
                        site("de-fra", "DE", 50.11, 8.68, Set.of("EU", "DE"), 1)),
                List.of(steady("fr", "FR", 48.86, 2.35, perSecond, 0.2, Set.of("FR")),
                        steady("de", "DE", 50.11, 8.68, perSecond / 3, 0, Set.of())),
                new ResidencySpec(Map.of("FR", Set.of("EU", "FR"), "DE", Set.of("EU")), Set.of("EU")), Map.of(), chat(),
                Slo.CHAT, List.<Failure>of(), RoutingSpec.DEFAULTS);
    }
}
