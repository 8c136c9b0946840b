package io.hyperlocal.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.sim.policy.PolicyName;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.ResidencySpec;
import io.hyperlocal.sim.scenario.RoutingSpec;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.SiteSpec;
import io.hyperlocal.sim.scenario.Slo;
import io.hyperlocal.sim.scenario.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Over random federations (sites in FR, DE, IE and a US cloud, random residency rules and narrowing),
 * no policy ever places a request on a site its requester's rule forbids. The count comes from the
 * simulator's own check, written apart from the routing module's residency code.
 */
class ResidencyPropertyTest {
    private static final String[][] SITES = {
        {"fr", "FR", "48.8", "2.3", "EU,FR"}, {"de", "DE", "50.1", "8.7", "EU,DE"}, {"ie", "IE", "53.3", "-6.2", "EU,IE"},
        {"us", "US", "39.0", "-77.5", "US"}};

    @Property(tries = 12)
    void noPolicyEverViolatesResidency(@ForAll long seed, @ForAll PolicyName policy) {
        Random random = new Random(seed);
        List<SiteSpec> sites = new ArrayList<>();
        for (String[] site : SITES) {
            if (random.nextInt(4) > 0) {
                sites.add(TestingScenarios.site(site[0] + "-" + sites.size(), site[1], Double.parseDouble(site[2]),
                        Double.parseDouble(site[3]), Set.of(site[4].split(",")), 1 + random.nextInt(2)));
            }
        }
        Assume.that(!sites.isEmpty());
        ResidencySpec residency = new ResidencySpec(
                Map.of("FR", random.nextBoolean() ? Set.of("FR") : Set.of("EU", "FR"), "DE", Set.of("EU", "DE")),
                random.nextBoolean() ? Set.of("EU") : Set.of("EU", "US"));
        List<Population> populations = new ArrayList<>();
        String[][] countries = {{"FR", "48.8", "2.3"}, {"DE", "52.5", "13.4"}, {"US", "40.7", "-74.0"}};
        for (String[] country : countries) {
            Set<String> rule = residency.ruleFor(country[0]);
            boolean servable = sites.stream().anyMatch(site -> site.tags().stream().anyMatch(rule::contains));
            if (servable) {
                Set<String> narrowTo = rule.contains(country[0]) ? Set.of(country[0]) : Set.of();
                boolean narrowable = !narrowTo.isEmpty() && sites.stream().anyMatch(site -> site.tags().containsAll(narrowTo));
                populations.add(TestingScenarios.steady(country[0].toLowerCase(), country[0], Double.parseDouble(country[1]),
                        Double.parseDouble(country[2]), 2, narrowable ? 0.3 : 0, narrowable ? narrowTo : Set.of()));
            }
        }
        Assume.that(!populations.isEmpty());
        Scenario scenario = new Scenario("residency", seed, Duration.ofSeconds(60), sites, populations, residency, Map.of(),
                new Workload(100, 300, 40, 80, 4096, 2, 128, 0.5, 1.5, 2), Slo.CHAT, List.of(), RoutingSpec.DEFAULTS);
        Summary summary = ScenarioRunner.run(scenario, policy, Progress.NONE);
        assertThat(summary.completed()).isPositive();
        assertThat(summary.residencyViolations()).isZero();
    }

    @org.junit.jupiter.api.Test
    void theIndependentCheckRefusesASiteOutsideTheRule() {
        ResidencySpec residency = new ResidencySpec(Map.of("FR", Set.of("EU", "FR")), Set.of("EU"));
        Population fr = TestingScenarios.steady("fr", "FR", 48.8, 2.3, 1, 0.5, Set.of("FR"));
        SiteSpec us = TestingScenarios.site("us", "US", 39, -77, Set.of("US"), 1);
        SiteSpec de = TestingScenarios.site("de", "DE", 50, 8, Set.of("EU", "DE"), 1);
        assertThat(residency.admits(fr, us, false)).isFalse();
        assertThat(residency.admits(fr, de, false)).isTrue();
        assertThat(residency.admits(fr, de, true)).isFalse();
    }
}
