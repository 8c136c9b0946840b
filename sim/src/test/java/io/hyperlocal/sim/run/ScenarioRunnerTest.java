package io.hyperlocal.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.sim.policy.PolicyName;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.scenario.Failure;
import io.hyperlocal.sim.scenario.ResidencySpec;
import io.hyperlocal.sim.scenario.RoutingSpec;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.Slo;
import io.hyperlocal.sim.scenario.Workload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
    private static final Scenario SMALL = TestingScenarios.twoCountries(42, Duration.ofMinutes(3), 4);

    @Test
    void theSameSeedGivesTheSameSummary() {
        Summary first = ScenarioRunner.run(SMALL, PolicyName.HYPERLOCAL, Progress.NONE);
        Summary second = ScenarioRunner.run(SMALL, PolicyName.HYPERLOCAL, Progress.NONE);
        assertThat(first.completed()).isGreaterThan(100);
        assertThat(second.withoutWallClock()).isEqualTo(first.withoutWallClock());
    }

    @Test
    void anotherSeedGivesAnotherSummary() {
        Summary first = ScenarioRunner.run(SMALL, PolicyName.HYPERLOCAL, Progress.NONE);
        Summary other = ScenarioRunner.run(SMALL.withSeed(43), PolicyName.HYPERLOCAL, Progress.NONE);
        assertThat(other.withoutWallClock()).isNotEqualTo(first.withoutWallClock());
        assertThat(other.requests()).isNotEqualTo(first.requests());
    }

    @Test
    void everyPolicySeesTheSameSingleTurnTrace() {
        Scenario singleTurn = new Scenario("single", 7, Duration.ofMinutes(2), SMALL.sites(), SMALL.populations(),
                SMALL.residency(), Map.of(), new Workload(200, 800, 100, 200, 8192, 4, 256, 0.5, 1, 0), Slo.CHAT,
                List.of(), RoutingSpec.DEFAULTS);
        List<Long> requests = java.util.Arrays.stream(PolicyName.values())
                .map(policy -> ScenarioRunner.run(singleTurn, policy, Progress.NONE).requests())
                .distinct().toList();
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst()).isGreaterThan(100);
    }

    @Test
    void aCrashedSiteServesNothingWhileDownAndItsRequestsMigrate() {
        // Crash fr-par (2 of 4 engines) for the whole second minute.
        Scenario crash = withFailure(SMALL, new Failure.Crash("fr-par", Duration.ofSeconds(60), Duration.ofSeconds(120)),
                true);
        RunResult result = ScenarioRunner.runDetailed(crash, PolicyName.HYPERLOCAL, Progress.NONE);
        int parIndex = result.series().siteIds().indexOf("fr-par");
        assertThat(result.series().siteTokensPerSecond()[parIndex][0]).isPositive();
        assertThat(result.series().siteTokensPerSecond()[parIndex][1]).isZero();
        assertThat(result.summary().migrated()).isPositive();
        assertThat(result.summary().residencyViolations()).isZero();
        RunResult healthy = ScenarioRunner.runDetailed(SMALL, PolicyName.HYPERLOCAL, Progress.NONE);
        assertThat(healthy.series().siteTokensPerSecond()[parIndex][1]).isPositive();
        assertThat(healthy.summary().migrated()).isZero();
    }

    @Test
    void withoutRetryTheRequestsInFlightOnACrashedSiteFail() {
        Scenario crash = withFailure(SMALL, new Failure.Crash("fr-par", Duration.ofSeconds(60), Duration.ofSeconds(120)),
                false);
        Summary summary = ScenarioRunner.run(crash, PolicyName.ROUND_ROBIN, Progress.NONE);
        Summary healthy = ScenarioRunner.run(SMALL, PolicyName.ROUND_ROBIN, Progress.NONE);
        assertThat(summary.migrated()).isZero();
        assertThat(summary.failed()).isGreaterThan(healthy.failed());
    }

    @Test
    void aSlowdownRaisesInterTokenLatency() {
        Scenario slow = withFailure(SMALL, new Failure.Slowdown("fr-par", Duration.ZERO, Duration.ofMinutes(3), 4), true);
        Summary slowed = ScenarioRunner.run(slow, PolicyName.PROXIMITY, Progress.NONE);
        Summary healthy = ScenarioRunner.run(SMALL, PolicyName.PROXIMITY, Progress.NONE);
        assertThat(slowed.itl().p50()).isGreaterThan(healthy.itl().p50() * 2);
    }

    @Test
    void prefixAwareRoutingFindsMoreOfThePromptCachedThanRandom() {
        // 40 groups of 2,000-token prefixes: 80k tokens, against 4 engines of 64k tokens of KV each, so
        // random placement keeps evicting prefixes that affinity would keep on one engine.
        Scenario prefixHeavy = new Scenario("prefix-heavy", 11, Duration.ofMinutes(2),
                List.of(TestingScenarios.site("lab", "FR", 48.86, 2.35, Set.of("EU"), 4)),
                List.of(TestingScenarios.steady("tenants", "FR", 48.86, 2.35, 12, 0, Set.of())), ResidencySpec.EU_ONLY,
                Map.of(), new Workload(300, 300, 60, 60, 8192, 40, 2000, 1.0, 1, 0), Slo.CHAT, List.of(),
                RoutingSpec.DEFAULTS);
        Summary hyperlocal = ScenarioRunner.run(prefixHeavy, PolicyName.HYPERLOCAL, Progress.NONE);
        Summary random = ScenarioRunner.run(prefixHeavy, PolicyName.RANDOM, Progress.NONE);
        assertThat(hyperlocal.prefixHitRate()).isGreaterThan(random.prefixHitRate() + 0.1);
        assertThat(hyperlocal.ttft().p90()).isLessThan(random.ttft().p90());
    }

    @Test
    void proximityKeepsRequestsHomeAndLeastLoadedSpreadsThem() {
        Summary proximity = ScenarioRunner.run(SMALL, PolicyName.PROXIMITY, Progress.NONE);
        Summary leastLoaded = ScenarioRunner.run(SMALL, PolicyName.LEAST_LOADED, Progress.NONE);
        assertThat(proximity.crossSite()).isZero();
        assertThat(leastLoaded.crossSite()).isPositive();
    }

    @Test
    void aRequestMovedAgainAndAgainCountsAsOneMigration() {
        // Two one-engine sites crash in turn, each down 8 s of every 20, and answers take longer than
        // 10 s: a request is moved from one site to the other and back before it completes.
        List<Failure> turns = new java.util.ArrayList<>();
        for (int s = 20; s < 160; s += 20) {
            turns.add(new Failure.Crash("fr-par", Duration.ofSeconds(s), Duration.ofSeconds(s + 8)));
            turns.add(new Failure.Crash("fr-mrs", Duration.ofSeconds(s + 10), Duration.ofSeconds(s + 18)));
        }
        Scenario pingPong = new Scenario("ping-pong", 3, Duration.ofMinutes(3),
                List.of(TestingScenarios.site("fr-par", "FR", 48.86, 2.35, Set.of("EU"), 1),
                        TestingScenarios.site("fr-mrs", "FR", 43.30, 5.37, Set.of("EU"), 1)),
                List.of(TestingScenarios.steady("fr", "FR", 48.86, 2.35, 1, 0, Set.of())), ResidencySpec.EU_ONLY,
                Map.of(), new Workload(100, 200, 3000, 3500, 8192, 0, 0, 0, 1, 0), Slo.CHAT, turns, RoutingSpec.DEFAULTS);
        Summary summary = ScenarioRunner.run(pingPong, PolicyName.HYPERLOCAL, Progress.NONE);
        assertThat(summary.migrated()).isPositive().isLessThanOrEqualTo(summary.completed());
        assertThat(summary.completed() + summary.failed() + summary.unfinished()).isEqualTo(summary.requests());
    }

    @Test
    void aRunEndingWithinAMinuteRatesItsLastMinuteOverItsOwnLength() {
        RunResult result = ScenarioRunner.runDetailed(SMALL.withDuration(Duration.ofSeconds(150)), PolicyName.HYPERLOCAL,
                Progress.NONE);
        var series = result.series();
        assertThat(series.minutes()).isEqualTo(3);
        assertThat(series.secondsIn(1)).isEqualTo(60);
        assertThat(series.secondsIn(2)).isEqualTo(30);
        int par = series.siteIds().indexOf("fr-par");
        // Steady traffic: the last half minute runs at about the rate of the minute before, not half of it.
        assertThat(series.siteTokensPerSecond()[par][2]).isGreaterThan(series.siteTokensPerSecond()[par][1] * 0.6);
        assertThat(series.siteBusyShare()[par][2]).isGreaterThan(series.siteBusyShare()[par][1] * 0.6)
                .isLessThanOrEqualTo(1.01);
        assertThat(series.perSecond(series.arrivals())[2]).isEqualTo(series.arrivals()[2] / 30.0);
    }

    @Test
    void firstTurnsLongerThanTheContextAreCountedNotSent() {
        // A 1,500-token system prompt and user prompts with a 0.9 quantile of 3,000 tokens against a
        // 2,048-token context: a typical first turn fits, the long tail does not.
        Scenario longPrompts = new Scenario("long", 9, Duration.ofMinutes(2), SMALL.sites(), SMALL.populations(),
                SMALL.residency(), Map.of(), new Workload(200, 3000, 100, 200, 2048, 4, 1500, 1, 1, 0), Slo.CHAT, List.of(),
                RoutingSpec.DEFAULTS);
        Summary summary = ScenarioRunner.run(longPrompts, PolicyName.HYPERLOCAL, Progress.NONE);
        assertThat(summary.tooLong()).isPositive().isLessThan(summary.requests());
        assertThat(ScenarioRunner.run(SMALL, PolicyName.HYPERLOCAL, Progress.NONE).tooLong()).isZero();
    }

    @Test
    void aRequestMovedAfterItsFirstTokenKeepsTheFirstSitesTimeToFirstToken() {
        // Paris is 5 ms away, Frankfurt 2 s. Paris crashes at 60 s; answers of 3,000 tokens take about 20 s,
        // so the requests in flight then have had their first token from Paris, and finish in Frankfurt
        // before the run ends at 84 s. Few requests sent to Frankfurt after the crash finish by then (3), so
        // over 90 % of the completed requests had their first token from Paris, 5 ms away: the moved ones
        // too (with Frankfurt's round trip, the p90 was 1,994 ms).
        Scenario scenario = new Scenario("moved-after-first-token", 5, Duration.ofSeconds(84),
                List.of(TestingScenarios.site("fr-par", "FR", 48.86, 2.35, Set.of("EU"), 1),
                        TestingScenarios.site("de-fra", "DE", 50.11, 8.68, Set.of("EU"), 1)),
                List.of(TestingScenarios.steady("fr", "FR", 48.86, 2.35, 1, 0, Set.of())), ResidencySpec.EU_ONLY,
                Map.of("fr", Map.of("fr-par", 5.0, "de-fra", 2000.0)),
                new Workload(100, 200, 3000, 3500, 8192, 0, 0, 0, 1, 0), Slo.CHAT,
                List.of(new Failure.Crash("fr-par", Duration.ofSeconds(60), Duration.ofSeconds(84))), RoutingSpec.DEFAULTS);
        Summary summary = ScenarioRunner.run(scenario, PolicyName.PROXIMITY, Progress.NONE);
        assertThat(summary.migrated()).isGreaterThan(10);
        assertThat(summary.ttft().p90()).isLessThan(1000);
    }

    static Scenario withFailure(Scenario base, Failure failure, boolean retry) {
        return new Scenario(base.name(), base.seed(), base.duration(), base.sites(), base.populations(), base.residency(),
                base.rttMillis(), base.workload(), base.slo(), List.of(failure),
                new RoutingSpec(base.routing().loadReportInterval(), retry));
    }
}
