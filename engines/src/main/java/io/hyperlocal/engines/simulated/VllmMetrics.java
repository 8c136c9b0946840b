package io.hyperlocal.engines.simulated;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of the engine's figures, written as vLLM V1's {@code /metrics} endpoint writes them:
 * Prometheus text exposition format 0.0.4 from Python's {@code prometheus_client}. The rules it
 * follows, so that a parser written against a real vLLM reads it unchanged:
 * <ul>
 *   <li>Metric names and help texts are vLLM's ({@code vllm/v1/metrics/loggers.py}):
 *       gauges {@code vllm:num_requests_running}, {@code vllm:num_requests_waiting},
 *       {@code vllm:kv_cache_usage_perc} (a fraction in [0, 1], despite its name); counters
 *       {@code vllm:prefix_cache_queries}, {@code vllm:prefix_cache_hits} (both in tokens),
 *       {@code vllm:num_preemptions}, {@code vllm:prompt_tokens}, {@code vllm:generation_tokens},
 *       {@code vllm:request_success} (label {@code finished_reason}: {@code stop}, {@code length},
 *       {@code abort} for a cancelled request, {@code error} for an injected failure or a crash,
 *       {@code repetition}, always 0); histograms {@code vllm:time_to_first_token_seconds},
 *       {@code vllm:inter_token_latency_seconds}, {@code vllm:e2e_request_latency_seconds} with vLLM's
 *       bucket bounds.</li>
 *   <li>Each metric has a {@code # HELP name text} then a {@code # TYPE name type} line. A counter's
 *       name in both lines and in its sample carries the {@code _total} suffix; after its samples comes
 *       the {@code _created} series (creation time, Unix seconds) as a gauge with its own HELP and TYPE
 *       lines, as {@code prometheus_client} writes outside multiprocess mode.</li>
 *   <li>A histogram has, under one HELP and TYPE {@code histogram}, a {@code _bucket} sample per
 *       upper bound (label {@code le}, cumulative counts) ending with {@code le="+Inf"}, then
 *       {@code _count}, then {@code _sum} (seconds), then its {@code _created} gauge.</li>
 *   <li>Labels are sorted by name: {@code engine="0"} (vLLM's engine index), then
 *       {@code finished_reason} or {@code le} where present, then {@code model_name} (the served model
 *       name: the engine's first model id). Label values escape backslash, double quote and newline.</li>
 *   <li>Values are Python floats as {@code prometheus_client} prints them: {@code 3.0}, {@code 0.25};
 *       past six integer digits, Go's exponent form, {@code 1.234567e+06}.</li>
 *   <li>Lines end with {@code \n}; there are no timestamps and no blank lines.</li>
 * </ul>
 * Example (one engine serving {@code demo}):
 * <pre>
 * # HELP vllm:num_requests_running Number of requests in model execution batches.
 * # TYPE vllm:num_requests_running gauge
 * vllm:num_requests_running{engine="0",model_name="demo"} 2.0
 * ...
 * # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
 * # TYPE vllm:prompt_tokens_total counter
 * vllm:prompt_tokens_total{engine="0",model_name="demo"} 1234.0
 * # HELP vllm:prompt_tokens_created Number of prefill tokens processed.
 * # TYPE vllm:prompt_tokens_created gauge
 * vllm:prompt_tokens_created{engine="0",model_name="demo"} 1.7641296e+09
 * </pre>
 */
record VllmMetrics(String modelName, int running, int waiting, double kvCacheUsage, long prefixQueries,
        long prefixHits, long preemptions, long promptTokens, long generationTokens, Outcomes outcomes,
        LatencyHistogram.Snapshot timeToFirstToken, LatencyHistogram.Snapshot interTokenLatency,
        LatencyHistogram.Snapshot endToEndLatency, double createdSeconds) {

    /** vLLM's {@code FinishReason} values, in its order, as {@code finished_reason} labels. */
    static final List<String> FINISHED_REASONS = List.of("stop", "length", "abort", "error", "repetition");

    VllmMetrics {
        Objects.requireNonNull(modelName, "modelName is null");
        Objects.requireNonNull(outcomes, "outcomes is null");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken is null");
        Objects.requireNonNull(interTokenLatency, "interTokenLatency is null");
        Objects.requireNonNull(endToEndLatency, "endToEndLatency is null");
    }

    /** Finished requests by {@code finished_reason}; {@code repetition} never happens here. */
    record Outcomes(long stop, long length, long abort, long error) {
        static final Outcomes NONE = new Outcomes(0, 0, 0, 0);

        long of(String reason) {
            return switch (reason) {
                case "stop" -> stop;
                case "length" -> length;
                case "abort" -> abort;
                case "error" -> error;
                default -> 0;
            };
        }

        Outcomes plus(String reason) {
            return switch (reason) {
                case "stop" -> new Outcomes(stop + 1, length, abort, error);
                case "length" -> new Outcomes(stop, length + 1, abort, error);
                case "abort" -> new Outcomes(stop, length, abort + 1, error);
                case "error" -> new Outcomes(stop, length, abort, error + 1);
                default -> throw new IllegalArgumentException("reason must be stop, length, abort or error: "
                        + reason);
            };
        }
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        String labels = "engine=\"0\",model_name=\"" + escape(modelName) + "\"";
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, running);
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting);
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, kvCacheUsage);
        counter(out, "vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.",
                labels, prefixQueries);
        counter(out, "vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", labels,
                prefixHits);
        counter(out, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", labels,
                preemptions);
        counter(out, "vllm:prompt_tokens", "Number of prefill tokens processed.", labels, promptTokens);
        counter(out, "vllm:generation_tokens", "Number of generation tokens processed.", labels, generationTokens);
        requestSuccess(out);
        histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels,
                timeToFirstToken);
        histogram(out, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", labels,
                interTokenLatency);
        histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", labels,
                endToEndLatency);
        return out.toString();
    }

    private void requestSuccess(StringBuilder out) {
        String name = "vllm:request_success";
        String help = "Count of successfully processed requests.";
        header(out, name + "_total", help, "counter");
        for (String reason : FINISHED_REASONS) {
            sample(out, name + "_total", middleLabel("finished_reason", reason), outcomes.of(reason));
        }
        header(out, name + "_created", help, "gauge");
        for (String reason : FINISHED_REASONS) {
            sample(out, name + "_created", middleLabel("finished_reason", reason), createdSeconds);
        }
    }

    private void histogram(StringBuilder out, String name, String help, String labels,
            LatencyHistogram.Snapshot histogram) {
        header(out, name, help, "histogram");
        double[] bounds = histogram.bounds();
        long[] cumulative = histogram.cumulative();
        for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", middleLabel("le", number(bounds[i])), cumulative[i]);
        }
        sample(out, name + "_bucket", middleLabel("le", "+Inf"), histogram.count());
        sample(out, name + "_count", labels, histogram.count());
        sample(out, name + "_sum", labels, histogram.sum());
        header(out, name + "_created", help, "gauge");
        sample(out, name + "_created", labels, createdSeconds);
    }

    /** Labels with one more that sorts between {@code engine} and {@code model_name}, as these do. */
    private String middleLabel(String name, String value) {
        return "engine=\"0\"," + name + "=\"" + value + "\",model_name=\"" + escape(modelName) + "\"";
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        header(out, name, help, "gauge");
        sample(out, name, labels, value);
    }

    private void counter(StringBuilder out, String name, String help, String labels, long value) {
        header(out, name + "_total", help, "counter");
        sample(out, name + "_total", labels, value);
        header(out, name + "_created", help, "gauge");
        sample(out, name + "_created", labels, createdSeconds);
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append('{').append(labels).append("} ").append(number(value)).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
    }

    /** {@code prometheus_client}'s {@code floatToGoString}: Python's {@code repr}, Go's exponents past 6 digits. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String repr = pythonRepr(value);
        int dot = repr.indexOf('.');
        if (value > 0 && dot > 6) {
            String mantissa = repr.charAt(0) + "." + repr.substring(1, dot) + repr.substring(dot + 1);
            mantissa = mantissa.replaceAll("[0.]+$", "");
            // The "e+0" prefix is prometheus_client's, kept even for exponents of two digits.
            return mantissa + "e+0" + (dot - 1);
        }
        return repr;
    }

    /** Python's {@code repr} of a float: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    static String pythonRepr(double value) {
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        return sign + mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
    }
}
