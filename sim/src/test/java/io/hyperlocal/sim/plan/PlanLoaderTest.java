package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanLoaderTest {

    @Test
    void readsEveryField() {
        PlanInput in = PlanLoader.parse(TestingPlans.SMALL);
        assertThat(in.currency()).isEqualTo("EUR");
        assertThat(in.apiPricePerMillionTokens()).isEqualTo(0.50);
        assertThat(in.slo()).isEqualTo(new Slo(Duration.ofSeconds(1), Duration.ofMillis(40), 0.99));
        assertThat(in.check()).isEqualTo(new CheckSettings(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(30), 7, 0.5, 4,
                CheckSimulator.FEDERATION));
        assertThat(in.gpus()).containsExactly(Map.entry("H100", new GpuHardware("H100", 80, 1000, 30_000, 4)));
        assertThat(in.models()).containsExactly(
                new ModelSpec("small", 8, Quantisation.BF16, 0.8, "H100", StepTimeModel.LLAMA_3_1_8B_H100, 1, 131_072, 1.0),
                new ModelSpec("big", 70, Quantisation.BF16, 0.2, "H100", StepTimeModel.LLAMA_3_3_70B_H100_TP4, 4, 327_680, 1.0));
        assertThat(in.sites()).containsExactly(new SiteSpec("a", "AA", 1.2, 10_000, 0.5, 1), new SiteSpec("b", "AA", 1.5, 5_000, 0.8, 2),
                new SiteSpec("c", "BB", 1.25, 0, 0.7, 1));
        assertThat(in.countries()).containsExactly(
                new CountrySpec(new Demand("AA", 1_000_000, 0.5, 0.4, 10.8, 500, 250, 2), 0.10, Map.of("a", 0.75, "b", 0.25)),
                new CountrySpec(new Demand("BB", 432_000, 0.25, 1.0, 8, 300, 200, 3), 0.20, Map.of("c", 1.0)));
    }

    @Test
    void checkSectionIsOptionalAndQuantisationSetsTheFactor() {
        String yaml = TestingPlans.SMALL.replaceAll("(?s)check:.*?gpus:", "gpus:").replace("quantisation: bf16\n    share: 0.8",
                "quantisation: fp8\n    share: 0.8");
        PlanInput in = PlanLoader.parse(yaml);
        assertThat(in.check()).isEqualTo(new CheckSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(2), 42, 0.5, 8,
                CheckSimulator.FEDERATION));
        assertThat(in.models().get(0).quantisation()).isEqualTo(Quantisation.FP8);
        assertThat(in.models().get(0).stepTimeFactor()).isEqualTo(0.70);
        assertThat(in.models().get(0).weightBytes()).isEqualTo(8e9);
    }

    @Test
    void shippedExamplePlanLoadsAndPlans() {
        PlanInput in = PlanLoader.load(Path.of("plans/france.yaml"));
        assertThat(in.sites()).hasSize(5);
        FleetPlan plan = FleetPlanner.plan(in);
        assertThat(plan.gpus()).isPositive();
        assertThat(plan.costPerMillionTokens()).isPositive();
    }

    @Test
    void anExplicitStepTimeFactorScalesAPresetToOtherHardwareOnPurpose() {
        // A 13B model on the 8B preset, its steps stated 1.6 times as long.
        String scaled = TestingPlans.SMALL.replace("preset: llama-3.1-8b-h100", "preset: llama-3.1-8b-h100\n    stepTimeFactor: 1.6")
                .replace("parametersBillions: 8", "parametersBillions: 13");
        assertThat(PlanLoader.parse(scaled).models().getFirst().stepTimeFactor()).isEqualTo(1.6);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("adoption: 0.5", "adoption: 1.7", "countries.AA.adoption: must be between 0 and 1, was 1.7"),
                bad("subscribers: 1000000", "subscribers: -5", "countries.AA.subscribers: must be >= 0, was -5"),
                bad("subscribers: 1000000", "subscribers: 2.5", "countries.AA.subscribers: must be a whole number, was 2.5"),
                bad("subscribers: 432000", "subscribers: many", "countries.BB.subscribers: must be a number, was \"many\""),
                bad("dailyActive: 0.4", "dailyActiv: 0.4", "countries.AA.dailyActiv: unknown field"),
                bad("peakToMean: 3", "peakToMean: 0.5", "countries.BB.peakToMean: must be >= 1, was 0.5"),
                bad("completionTokens: 250", "completionTokens: 0", "countries.AA.completionTokens: must be >= 1, was 0"),
                bad("energyPricePerKwh: 0.20", "energyPricePerKwh: -0.2", "countries.BB.energyPricePerKwh: must be >= 0, was -0.2"),
                bad("{a: 0.75, b: 0.25}", "{a: 0.75, b: 0.15}", "countries.AA.sites: shares must sum to 1, sum to 0.9"),
                bad("{a: 0.75, b: 0.25}", "{a: 0.75, z: 0.25}", "countries.AA.sites.z: no site z in sites (a, b, c)"),
                bad("sites: [c]", "sites: [c, q]", "countries.BB.sites[1]: no site q in sites (a, b, c)"),
                bad("sites: [c]", "sites: []", "countries.BB.sites: must name at least one site"),
                bad("sites: [c]", "sites: c", "countries.BB.sites: must be a list of sites ([c]) or a mapping of site to share"
                        + " ({site: 0.5, ...}), was \"c\""),
                bad("share: 0.2", "share: 0.3", "models: shares must sum to 1, sum to 1.1"),
                bad("share: 0.2", "share: 2", "models.big.share: must be between 0 and 1, was 2"),
                bad("preset: llama-3.1-8b-h100", "preset: gpt-5", "models.small.preset: no step-time preset gpt-5 (presets: instant,"),
                bad("gpu: H100\n    preset: llama-3.1", "gpu: B200\n    preset: llama-3.1", "models.small.gpu: no GPU type B200 (gpus: H100)"),
                bad("quantisation: bf16\n    share: 0.8", "quantisation: fp4\n    share: 0.8",
                        "models.small.quantisation: must be one of bf16, fp8, int4, was fp4"),
                bad("gpusPerReplica: 4", "gpusPerReplica: 1",
                        "models.big: weights of 140.0 GB (bf16) do not fit in 1 × H100 (72.0 GB usable at 90 %)"),
                bad("memoryGb: 80", "memoryGb: 0", "gpus.H100.memoryGb: must be > 0, was 0"),
                bad("gpusPerReplica: 4", "gpusPerReplica: 8",
                        "models.big.gpusPerReplica: the preset llama-3.3-70b-h100-tp4 was measured on 4 GPUs per replica, was 8"),
                bad("parametersBillions: 8", "parametersBillions: 13",
                        "models.small.parametersBillions: the preset llama-3.1-8b-h100 was measured for 8 billion parameters, was 13"),
                bad("preset: llama-3.1-8b-h100", "preset: llama-3.1-8b-a100",
                        "models.small.gpu: the preset llama-3.1-8b-a100 was measured on A100 GPUs, not H100"),
                bad("pue: 1.2", "pue: 0.9", "sites.a.pue: must be >= 1, was 0.9"),
                bad("targetUtilisation: 0.5", "targetUtilisation: 0", "sites.a.targetUtilisation: must be in (0, 1], was 0"),
                bad("minimumGpus: 2", "minimumGpus: 1.5", "sites.b.minimumGpus: must be a whole number, was 1.5"),
                bad("minimumGpus: 2", "minimumGpus: 3000000000", "sites.b.minimumGpus: must be at most 1000000, was 3000000000"),
                bad("peakToMean: 3", "peakToMean: 30", "countries.BB.peakToMean: must be at most 24"),
                bad("subscribers: 1000000", "subscribers: 2000000000000000",
                        "countries.AA.subscribers: must be a whole number of at most 10^15, was 2000000000000000"),
                bad("country: BB", "country: CC", "sites.c.country: no country CC in countries (AA, BB)"),
                bad("sites: [c]", "sites: [a]", "sites.c: no country lists this site, so it serves nothing"),
                bad("ttftMs: 1000", "ttftMs: -1", "slo.ttftMs: must be > 0, was -1"),
                bad("attainment: 0.99", "attainment: 1.5", "slo.attainment: must be in (0, 1], was 1.5"),
                bad("minutes: 1", "minutes: 0", "check.minutes: must be in (0, 1440], was 0"),
                // 6 s against 1 s + 250 tokens × 40 ms: every measured request would be excused as in flight.
                bad("minutes: 1", "minutes: 0.1", "check.minutes: a window of 6 s is shorter than one request at the SLO"
                        + " (TTFT 1000 ms + 250 completion tokens of AA × 40 ms = 11 s), so no request could be judged:"
                        + " give at least 0.19 minutes"),
                bad("lengthCv: 0.5", "lengthCv: 9", "check.lengthCv: must be in [0, 3], was 9"),
                bad("seed: 7", "seed: 7\n  simulator: magic", "check.simulator: must be federation or scheduler, was magic"),
                bad("currency: EUR\n", "", "currency: is missing"),
                bad("apiPricePerMillionTokens: 0.50", "apiPricePerMillionTokens: free", "apiPricePerMillionTokens: must be a number"),
                bad("slo:", "slos:", "slos: unknown field"),
                bad("gpus:\n  H100:", "gpus:\n  H100:\n    memoryGb: 40\n  H100:", "not valid YAML"),
                bad("currency: EUR", "currency: [EUR", "not valid YAML"));
    }

    private static Arguments bad(String from, String to, String message) {
        return Arguments.of(from, to, message);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badInputs")
    void badInputNamesTheField(String from, String to, String message) {
        assertThat(TestingPlans.SMALL).contains(from);
        String yaml = TestingPlans.SMALL.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        assertThatThrownBy(() -> PlanLoader.parse(yaml)).isInstanceOf(PlanInputException.class).hasMessageContaining(message);
    }

    @Test
    void sloThatNoReplicaCanMeetNamesTheModel() {
        PlanInput in = PlanLoader.parse(TestingPlans.SMALL.replace("interTokenMs: 40", "interTokenMs: 10"));
        assertThatThrownBy(() -> FleetPlanner.plan(in)).isInstanceOf(PlanInputException.class)
                .hasMessage("models.big: a one-sequence decode step takes 12.67 ms, over the inter-token SLO of 10.00 ms");
    }

    @Test
    void emptyAndMissingFiles() {
        assertThatThrownBy(() -> PlanLoader.parse("")).hasMessage("the file is empty");
        assertThatThrownBy(() -> PlanLoader.parse("- a\n- b\n")).hasMessage("must be a mapping of fields");
        assertThatThrownBy(() -> PlanLoader.load(Path.of("no/such/plan.yaml"))).hasMessage("no such file: no/such/plan.yaml");
    }
}
