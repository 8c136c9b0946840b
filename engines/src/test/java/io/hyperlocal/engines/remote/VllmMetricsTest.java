package io.hyperlocal.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hyperlocal.engines.remote.VllmMetrics.ModelLoad;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class VllmMetricsTest {

    @Test
    void readsOneModelFromARealisticExposition() {
        VllmMetrics metrics = VllmMetrics.parse(VllmMetricsSamples.ONE_MODEL);

        assertThat(metrics.models()).containsOnlyKeys(VllmMetricsSamples.LLAMA);
        assertThat(metrics.model(VllmMetricsSamples.LLAMA)).contains(new ModelLoad(3, 2, 0.4171875));
        assertThat(metrics.total()).isEqualTo(new ModelLoad(3, 2, 0.4171875));
        assertThat(metrics.model("other")).isEmpty();
    }

    @Test
    void sumsEngineCoresAndPrefersTheNewCacheGauge() {
        VllmMetrics metrics = VllmMetrics.parse(VllmMetricsSamples.TWO_MODELS);

        ModelLoad qwen = metrics.model("qwen").orElseThrow();
        assertThat(qwen.running()).isEqualTo(10);
        assertThat(qwen.waiting()).isEqualTo(3);
        // The mean of the two cores' caches; the deprecated gauge is ignored beside the new one.
        assertThat(qwen.kvCacheUsage()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void unescapesLabelValuesAndFallsBackToTheOldCacheGauge() {
        VllmMetrics metrics = VllmMetrics.parse(VllmMetricsSamples.TWO_MODELS);

        // NaN waiting is ignored, so the model reads 0 waiting.
        assertThat(metrics.model("old \"quoted\" \\ model")).contains(new ModelLoad(1, 0, 0.25));
        assertThat(metrics.total().running()).isEqualTo(11);
        assertThat(metrics.total().kvCacheUsage()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void readsNothingFromAnEmptyOrForeignExposition() {
        assertThat(VllmMetrics.parse("").models()).isEmpty();
        assertThat(VllmMetrics.parse("# EOF\nhttp_requests_total{a=\"b\"} 1\n").total()).isEqualTo(ModelLoad.IDLE);
    }

    @Test
    void groupsSamplesWithoutAModelUnderTheEmptyName() {
        VllmMetrics metrics = VllmMetrics.parse("vllm:num_requests_running 2\r\nvllm:kv_cache_usage_perc 1.5\r\n");

        // A usage above 1 is an exporter's rounding; it reads as full.
        assertThat(metrics.model("")).contains(new ModelLoad(2, 0, 1.0));
    }

    @Test
    void reportsAMalformedSampleOfAGaugeItReadsWithItsLine() {
        assertThatThrownBy(() -> VllmMetrics.parse("# TYPE x gauge\nvllm:num_requests_waiting{model_name=\"m} 1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("unclosed label value");
        assertThatThrownBy(() -> VllmMetrics.parse("vllm:num_requests_waiting{model_name=\"m\"} Infinity"))
                .hasMessageContaining("not a number: 'Infinity'");
        assertThatThrownBy(() -> VllmMetrics.parse("vllm:num_requests_waiting 1 2 3"))
                .hasMessageContaining("unexpected text after the value");
    }

    @Test
    void skipsMalformedLinesOfOtherMetrics() {
        assertThat(VllmMetrics.parse("other{x=\"unclosed 1\nvllm:num_requests_running{model_name=\"m\"} 5\n").total())
                .isEqualTo(new ModelLoad(5, 0, 0));
    }

    @Property
    void neverFailsOtherwiseThanWithAnIllegalArgument(@ForAll("expositionLike") String text) {
        try {
            VllmMetrics.parse(text);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).startsWith("Malformed Prometheus sample on line ");
        }
    }

    @Property
    void readsBackWhatAnExporterWrites(@ForAll("samples") List<Map.Entry<String, Integer>> samples) {
        StringBuilder text = new StringBuilder("# TYPE vllm:num_requests_running gauge\n");
        int total = 0;
        for (Map.Entry<String, Integer> sample : samples) {
            String escaped = sample.getKey().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            text.append("vllm:num_requests_running{engine=\"0\",model_name=\"").append(escaped).append("\"} ")
                    .append(sample.getValue()).append(".0\n");
            total += sample.getValue();
        }

        VllmMetrics metrics = VllmMetrics.parse(text.toString());

        assertThat(metrics.total().running()).isEqualTo(total);
        samples.forEach(sample -> assertThat(metrics.model(sample.getKey())).isPresent());
    }

    @Provide
    Arbitrary<String> expositionLike() {
        Arbitrary<String> pieces = Arbitraries.of("vllm:num_requests_running", "vllm:kv_cache_usage_perc", "{",
                "}", "model_name", "=", "\"", "\\", ",", " ", "\n", "#", "1.5", "NaN", "+Inf", "e", "-", "x");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(30).map(list -> String.join("", list)),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<List<Map.Entry<String, Integer>>> samples() {
        Arbitrary<String> names = Arbitraries.strings().withChars("ab\"\\\n {}=,").ofMaxLength(8);
        return Combinators.combine(names, Arbitraries.integers().between(0, 1000)).as(Map::entry).list()
                .ofMaxSize(6).uniqueElements(Map.Entry::getKey);
    }
}
