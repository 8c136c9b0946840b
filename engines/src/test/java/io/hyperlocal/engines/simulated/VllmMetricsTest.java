package io.hyperlocal.engines.simulated;

import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.hyperlocal.engines.TestingListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The metrics text read back by a plain line parser, as a Prometheus scraper of vLLM reads it. */
class VllmMetricsTest {
    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    /** A minimal exposition-format parser: HELP and TYPE before each family, then its samples. */
    static Map<String, String> types = new LinkedHashMap<>();

    static List<Sample> parse(String text) {
        types.clear();
        List<Sample> samples = new ArrayList<>();
        String family = "";
        assertThat(text).endsWith("\n").doesNotContain("\n\n");
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).hasSize(4);
                assertThat(parts[2]).as("TYPE follows the HELP of the same name").isEqualTo(family);
                assertThat(parts[3]).isIn("gauge", "counter", "histogram");
                types.put(parts[2], parts[3]);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("sample line: %s", line).isTrue();
            assertThat(sample.group(1)).isIn(family, family + "_bucket", family + "_count", family + "_sum");
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            assertThat(List.copyOf(labels.keySet())).as("labels sorted by name").isSorted();
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return samples;
    }

    static double value(List<Sample> samples, String name, Map.Entry<String, String> extra) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> extra == null || extra.getValue().equals(sample.labels().get(extra.getKey())))
                .mapToDouble(Sample::value).sum();
    }

    @Test
    void exportsVllmsNamesTypesAndLabelsWithTheEnginesFigures() {
        TestingScheduler virtual = new TestingScheduler();
        SimulatedEngine engine = new SimulatedEngine("sim", List.of("meta-llama/Llama-3.1-8B-Instruct", "alias"),
                SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ZERO, Duration.ofMillis(10)), virtual,
                virtual::nanoTime, Clock.fixed(Instant.ofEpochSecond(1_764_129_271, 500_000_000), ZoneOffset.UTC));
        String shared = "word ".repeat(40);
        for (int i = 0; i < 3; i++) {
            engine.generate(text("alias", shared + "question " + i, greedy(5)), new TestingListener());
        }
        TestingListener stopped = new TestingListener();
        engine.generate(text("alias", "Hi", greedy(50, "comes")), stopped);
        virtual.advance(Duration.ofSeconds(1));
        stopped.awaitCompleted(Duration.ofSeconds(1));
        TestingListener running = new TestingListener();
        engine.generate(text("alias", shared + "late", greedy(50)), running);
        virtual.advance(Duration.ofMillis(25));

        List<Sample> samples = parse(engine.vllmMetrics());
        engine.close();

        assertThat(types).containsExactly(entry("vllm:num_requests_running", "gauge"),
                entry("vllm:num_requests_waiting", "gauge"), entry("vllm:kv_cache_usage_perc", "gauge"),
                entry("vllm:prefix_cache_queries_total", "counter"), entry("vllm:prefix_cache_queries_created", "gauge"),
                entry("vllm:prefix_cache_hits_total", "counter"), entry("vllm:prefix_cache_hits_created", "gauge"),
                entry("vllm:num_preemptions_total", "counter"), entry("vllm:num_preemptions_created", "gauge"),
                entry("vllm:prompt_tokens_total", "counter"), entry("vllm:prompt_tokens_created", "gauge"),
                entry("vllm:generation_tokens_total", "counter"), entry("vllm:generation_tokens_created", "gauge"),
                entry("vllm:request_success_total", "counter"), entry("vllm:request_success_created", "gauge"),
                entry("vllm:time_to_first_token_seconds", "histogram"),
                entry("vllm:time_to_first_token_seconds_created", "gauge"),
                entry("vllm:inter_token_latency_seconds", "histogram"),
                entry("vllm:inter_token_latency_seconds_created", "gauge"),
                entry("vllm:e2e_request_latency_seconds", "histogram"),
                entry("vllm:e2e_request_latency_seconds_created", "gauge"));
        assertThat(samples).allSatisfy(sample -> assertThat(sample.labels())
                .containsEntry("model_name", "meta-llama/Llama-3.1-8B-Instruct").containsEntry("engine", "0"));
        assertThat(value(samples, "vllm:num_requests_running", null)).isEqualTo(1);
        assertThat(value(samples, "vllm:num_requests_waiting", null)).isZero();
        assertThat(value(samples, "vllm:kv_cache_usage_perc", null)).isEqualTo(3.0 / 4096);
        // 3 × 42 words, then "Hi", then 41 words for the late one.
        assertThat(value(samples, "vllm:prefix_cache_queries_total", null)).isEqualTo(3 * 42 + 1 + 41);
        // The later prompts find the first one's two full blocks of "word" (the three start in one step
        // and the first has not cached them yet, so only the late one hits).
        assertThat(value(samples, "vllm:prefix_cache_hits_total", null)).isEqualTo(32);
        assertThat(value(samples, "vllm:prompt_tokens_total", null)).isEqualTo(3 * 42 + 1 + 41);
        // 5 each for the three; 4 for the stopped one (its 4th word is the stop sequence); the late one's
        // third token is in the step in flight, whose changes count when the step starts.
        assertThat(value(samples, "vllm:generation_tokens_total", null)).isEqualTo(3 * 5 + 4 + 3);
        assertThat(value(samples, "vllm:request_success_total", entry("finished_reason", "length"))).isEqualTo(3);
        assertThat(value(samples, "vllm:request_success_total", entry("finished_reason", "stop"))).isEqualTo(1);
        assertThat(value(samples, "vllm:request_success_total", entry("finished_reason", "abort"))).isZero();
        assertThat(samples).filteredOn(sample -> sample.name().equals("vllm:request_success_total"))
                .extracting(sample -> sample.labels().get("finished_reason"))
                .containsExactly("stop", "length", "abort", "error", "repetition");
        // Five first tokens, all 10 ms after arrival (one 10 ms step each): within the 0.01 s bucket.
        assertThat(value(samples, "vllm:time_to_first_token_seconds_count", null)).isEqualTo(5);
        assertThat(value(samples, "vllm:time_to_first_token_seconds_bucket", entry("le", "0.005"))).isZero();
        assertThat(value(samples, "vllm:time_to_first_token_seconds_bucket", entry("le", "0.01"))).isEqualTo(5);
        assertThat(value(samples, "vllm:time_to_first_token_seconds_bucket", entry("le", "+Inf"))).isEqualTo(5);
        assertThat(value(samples, "vllm:time_to_first_token_seconds_sum", null)).isCloseTo(0.05, within(1e-9));
        // The other tokens delivered: 3 × 4, 3, and 1 for the late one.
        assertThat(value(samples, "vllm:inter_token_latency_seconds_count", null)).isEqualTo(3 * 4 + 3 + 1);
        assertThat(value(samples, "vllm:e2e_request_latency_seconds_count", null)).isEqualTo(4);
        assertThat(value(samples, "vllm:prompt_tokens_created", null)).isEqualTo(1_764_129_271.5);
    }

    @Test
    void writesTheExactFormatOfPrometheusClient() {
        LatencyHistogram latency = new LatencyHistogram(LatencyHistogram.TIME_TO_FIRST_TOKEN);
        latency.observeNanos(3_000_000);
        latency.observeNanos(30_000_000);
        latency.observeNanos(5_000_000_000_000L);
        String text = new VllmMetrics("m\"odel", 2, 0, 0.25, 1_234_567, 0, 0, 0, 0,
                VllmMetrics.Outcomes.NONE.plus("error"), latency.snapshot(),
                LatencyHistogram.Snapshot.empty(LatencyHistogram.INTER_TOKEN_LATENCY),
                LatencyHistogram.Snapshot.empty(LatencyHistogram.REQUEST_LATENCY), 1_764_129_271.5).render();

        assertThat(text).startsWith("""
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="m\\"odel"} 2.0
                # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
                # TYPE vllm:num_requests_waiting gauge
                vllm:num_requests_waiting{engine="0",model_name="m\\"odel"} 0.0
                # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
                # TYPE vllm:kv_cache_usage_perc gauge
                vllm:kv_cache_usage_perc{engine="0",model_name="m\\"odel"} 0.25
                # HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
                # TYPE vllm:prefix_cache_queries_total counter
                vllm:prefix_cache_queries_total{engine="0",model_name="m\\"odel"} 1.234567e+06
                # HELP vllm:prefix_cache_queries_created Prefix cache queries, in terms of number of queried tokens.
                # TYPE vllm:prefix_cache_queries_created gauge
                vllm:prefix_cache_queries_created{engine="0",model_name="m\\"odel"} 1.7641292715e+09
                """);
        assertThat(text).contains("""
                vllm:request_success_total{engine="0",finished_reason="stop",model_name="m\\"odel"} 0.0
                vllm:request_success_total{engine="0",finished_reason="length",model_name="m\\"odel"} 0.0
                vllm:request_success_total{engine="0",finished_reason="abort",model_name="m\\"odel"} 0.0
                vllm:request_success_total{engine="0",finished_reason="error",model_name="m\\"odel"} 1.0
                vllm:request_success_total{engine="0",finished_reason="repetition",model_name="m\\"odel"} 0.0
                """);
        assertThat(text).contains("""
                # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
                # TYPE vllm:time_to_first_token_seconds histogram
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.001",model_name="m\\"odel"} 0.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.005",model_name="m\\"odel"} 1.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.01",model_name="m\\"odel"} 1.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.02",model_name="m\\"odel"} 1.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="0.04",model_name="m\\"odel"} 2.0
                """, """
                vllm:time_to_first_token_seconds_bucket{engine="0",le="2560.0",model_name="m\\"odel"} 2.0
                vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="m\\"odel"} 3.0
                vllm:time_to_first_token_seconds_count{engine="0",model_name="m\\"odel"} 3.0
                vllm:time_to_first_token_seconds_sum{engine="0",model_name="m\\"odel"} 5000.033
                # HELP vllm:time_to_first_token_seconds_created Histogram of time to first token in seconds.
                # TYPE vllm:time_to_first_token_seconds_created gauge
                vllm:time_to_first_token_seconds_created{engine="0",model_name="m\\"odel"} 1.7641292715e+09
                """);
    }

    @Test
    void printsNumbersAsPythonAndPrometheusClientDo() {
        assertThat(VllmMetrics.number(0)).isEqualTo("0.0");
        assertThat(VllmMetrics.number(3)).isEqualTo("3.0");
        assertThat(VllmMetrics.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(VllmMetrics.number(123_456)).isEqualTo("123456.0");
        assertThat(VllmMetrics.number(1_234_567)).isEqualTo("1.234567e+06");
        assertThat(VllmMetrics.number(10_000_000)).isEqualTo("1e+07");
        assertThat(VllmMetrics.number(12_345_678_901.0)).isEqualTo("1.2345678901e+010");
        assertThat(VllmMetrics.number(0.00001)).isEqualTo("1e-05");
        assertThat(VllmMetrics.number(0.000125)).isEqualTo("0.000125");
        assertThat(VllmMetrics.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(VllmMetrics.number(Double.NaN)).isEqualTo("NaN");
    }
}
