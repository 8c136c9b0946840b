package io.hyperlocal.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioFileTest {
    private static final String VALID = """
            name: tiny
            seed: 1
            duration: 10m
            sites:
              - {id: fr-par, country: FR, latitude: 48.8, longitude: 2.3, tags: [EU, FR], engines: 2}
              - {id: de-fra, country: DE, latitude: 50.1, longitude: 8.7, tags: [EU, DE], engines: 1,
                 model: llama-3.3-70b-h100-tp4, gpusPerEngine: 4, limits: {maxRunning: 128, kvBlocks: 30000}}
            populations:
              - {name: fr, country: FR, latitude: 48.8, longitude: 2.3, subscribers: 1000000, adoption: 0.05,
                 dailyActive: 0.3, requestsPerActivePerDay: 6, bursts: [{start: 5m, length: 2m, multiplier: 2}]}
            workload: {promptMedian: 200, promptP90: 800, outputMedian: 100, outputP90: 300}
            residency: {allowedTags: {FR: [EU, FR]}, defaultTags: [EU]}
            failures:
              - {type: crash, site: fr-par, at: 2m, recoverAt: 4m}
            """;

    @Test
    void readsAValidScenario() {
        Scenario scenario = ScenarioFile.parse(VALID);
        assertThat(scenario.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(scenario.engineCount()).isEqualTo(3);
        assertThat(scenario.gpuCount()).isEqualTo(6);
        assertThat(scenario.sites().get(1).limits().maxRunning()).isEqualTo(128);
        assertThat(scenario.populations().getFirst().meanRequestsPerSecond()).isCloseTo(1e6 * 0.05 * 0.3 * 6 / 86400,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scenario.failures()).containsExactly(
                new Failure.Crash("fr-par", Duration.ofMinutes(2), Duration.ofMinutes(4)));
        assertThat(scenario.slo()).isEqualTo(Slo.CHAT);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("engines: 2}\n  - {id: de-fra", "engines: 0}\n  - {id: de-fra", "sites[0].engines: must be > 0"),
                Arguments.of("engines: 1,\n", "engines: -1,\n", "sites[1].engines: must be > 0"),
                Arguments.of("kvBlocks: 30000", "kvBlocks: 0", "sites[1].limits: kvBlocks must be at least 1"),
                Arguments.of("model: llama-3.3-70b-h100-tp4", "model: gpt-9", "sites[1].model: unknown step-time preset gpt-9"),
                Arguments.of("adoption: 0.05", "adoption: 1.5", "populations[0].adoption: must be in [0, 1]"),
                Arguments.of("multiplier: 2", "multiplier: 0", "populations[0].bursts[0].multiplier: must be finite and > 0"),
                Arguments.of("duration: 10m", "duration: ten minutes", "duration: must be a duration"),
                // Beyond a year (the --hours bound) is a typo; beyond 292 years Math.round used to saturate silently.
                Arguments.of("duration: 10m", "duration: 367d", "duration: must be at most 366 days (8784h): 8808h"),
                Arguments.of("duration: 10m", "duration: 1e30", "duration: must be a duration of at most 292 years: 1.0E30"),
                Arguments.of("at: 2m", "at: 1000000000h", "failures[0].at: must be a duration of at most 292 years"),
                Arguments.of("promptP90: 800", "promptP90: 50", "workload.promptP90: must be >= promptMedian"),
                Arguments.of("site: fr-par, at", "site: fr-lyo, at", "failures[0].site: no site with id fr-lyo"),
                Arguments.of("recoverAt: 4m", "recoverAt: 1m", "failures[0].recoverAt: must be after at"),
                Arguments.of("engines: 2}", "engines: 2, engins: 3}", "sites[0].engins: unknown field"),
                Arguments.of("seed: 1", "seed: one", "seed: must be a whole number"),
                // The name makes the default report directory: it must not climb out of it or nest.
                Arguments.of("name: tiny", "name: ../../elsewhere", "name: names the report directory (sim-report-<name>)"),
                Arguments.of("name: tiny", "name: a/b", "name: names the report directory"),
                Arguments.of("{FR: [EU, FR]}", "{FR: [CH]}", "populations[0]: no site admits"),
                Arguments.of("{FR: [EU, FR]}", "{fr: [EU]}", "residency.allowedTags.fr: keys must be ISO"),
                Arguments.of("recoverAt: 4m}", "recoverAt: 4m}\n  - {type: crash, site: fr-par, at: 3m, recoverAt: 5m}",
                        "failures[1]: overlaps failures[0] at site fr-par"),
                Arguments.of("kvBlocks: 30000", "kvBlocks: 1000", "sites[1].limits.kvBlocks: 1000 blocks of 16 tokens hold 16000"),
                Arguments.of("requestsPerActivePerDay: 6,", "requestsPerActivePerDay: 6, ramp: {fromPerSecond: 1, toPerSecond: 2},",
                        "populations[0].ramp: replaces subscribers"),
                Arguments.of("failures:", "rttMillis: {paris: {fr-par: 2}}\nfailures:", "rttMillis.paris: no population in region paris"),
                Arguments.of("seed: 1", "seed: 1\nseed: 2", "(document): not valid YAML: Duplicate field 'seed'"),
                Arguments.of("seed: 1", "seed: 18446744073709551617", "seed: must be a whole number from"),
                Arguments.of("outputP90: 300}", "outputP90: 300, prefixShare: 0.5}", "workload.prefixGroups: must be > 0"));
    }

    @Test
    void narrowedRequestsNeedASiteCarryingTheirTags() {
        String narrowed = VALID.replace("requestsPerActivePerDay: 6,", "requestsPerActivePerDay: 6, narrowed: {share: 0.1, to: [FR]},");
        assertThat(ScenarioFile.parse(narrowed).populations().getFirst().narrowedShare()).isEqualTo(0.1);
        assertThatThrownBy(() -> ScenarioFile.parse(narrowed.replace("tags: [EU, FR], engines: 2", "tags: [EU], engines: 2")))
                .isInstanceOf(ScenarioException.class).hasMessageStartingWith("populations[0].narrowed: no site carries [FR]");
    }

    @Test
    void aRampTakesNeitherBurstsNorAProfile() {
        String ramp = VALID.replace("subscribers: 1000000, adoption: 0.05,\n     dailyActive: 0.3, requestsPerActivePerDay: 6,",
                "ramp: {fromPerSecond: 1, toPerSecond: 2},");
        assertThat(ramp).isNotEqualTo(VALID);
        assertThatThrownBy(() -> ScenarioFile.parse(ramp)).hasMessageStartingWith("populations[0].bursts: a ramp");
        String noBursts = ramp.replace(", bursts: [{start: 5m, length: 2m, multiplier: 2}]", "");
        assertThat(ScenarioFile.parse(noBursts).populations().getFirst().ramped()).isTrue();
        assertThatThrownBy(() -> ScenarioFile.parse(noBursts.replace("ramp:", "profile: evening-peak, ramp:")))
                .hasMessageStartingWith("populations[0].profile: a ramp");
    }

    @Test
    void aShorterRunCutsARampAtTheSameSlope() {
        String ramp = VALID.replace("subscribers: 1000000, adoption: 0.05,\n     dailyActive: 0.3, requestsPerActivePerDay: 6,",
                "ramp: {fromPerSecond: 3, toPerSecond: 60},").replace(", bursts: [{start: 5m, length: 2m, multiplier: 2}]", "");
        Scenario tenMinutes = ScenarioFile.parse(ramp);
        Population cut = tenMinutes.withDuration(Duration.ofMinutes(2)).populations().getFirst();
        assertThat(cut.rampFromPerSecond()).isEqualTo(3);
        assertThat(cut.rampToPerSecond()).isCloseTo(3 + 57 * 0.2, org.assertj.core.data.Offset.offset(1e-9));
        Population longer = tenMinutes.withDuration(Duration.ofMinutes(20)).populations().getFirst();
        assertThat(longer.rampToPerSecond()).isCloseTo(117, org.assertj.core.data.Offset.offset(1e-9));
        Population steady = ScenarioFile.parse(VALID).withDuration(Duration.ofMinutes(2)).populations().getFirst();
        assertThat(steady).isEqualTo(ScenarioFile.parse(VALID).populations().getFirst());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void errorsNameTheField(String from, String to, String expected) {
        String yaml = VALID.replace(from, to);
        assertThat(yaml).isNotEqualTo(VALID);
        assertThatThrownBy(() -> ScenarioFile.parse(yaml)).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void missingSectionsAreNamed() {
        assertThatThrownBy(() -> ScenarioFile.parse("name: x\nseed: 1\nsites: []\npopulations: []\n"))
                .hasMessageStartingWith("workload: is missing");
        assertThatThrownBy(() -> ScenarioFile.parse("{ not yaml")).hasMessageStartingWith("(document): not valid YAML");
    }

    @Test
    void theShippedScenariosAreValid() throws Exception {
        Path directory = Path.of("scenarios");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.filter(file -> file.toString().endsWith(".yaml")).map(file -> {
                try {
                    return ScenarioFile.load(file).name();
                } catch (Exception e) {
                    throw new AssertionError(file + ": " + e.getMessage(), e);
                }
            }).toList()).contains("france-launch", "site-loss", "shared-prefix");
        }
        Scenario launch = ScenarioFile.load(directory.resolve("france-launch.yaml"));
        double france = launch.populations().stream().filter(p -> p.country().equals("FR"))
                .mapToLong(Population::subscribers).sum();
        assertThat(france).isEqualTo(15_000_000);
        assertThat(launch.duration()).isEqualTo(Duration.ofDays(1));
    }
}
