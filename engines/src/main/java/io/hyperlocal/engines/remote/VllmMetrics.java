package io.hyperlocal.engines.remote;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The load figures of a vLLM server, read from its Prometheus text exposition ({@code GET /metrics},
 * format 0.0.4, which OpenMetrics text also satisfies for these gauges). The same reader serves the
 * simulated engine's export, so both must keep to vLLM's names:
 *
 * <ul>
 *   <li>{@code vllm:num_requests_running}: sequences in the running batch;
 *   <li>{@code vllm:num_requests_waiting}: sequences queued;
 *   <li>{@code vllm:kv_cache_usage_perc}: share of KV-cache blocks in use, a fraction in [0, 1] despite
 *       its name; vLLM before 0.10 calls it {@code vllm:gpu_cache_usage_perc}, read when the new name
 *       is absent for a model.
 * </ul>
 *
 * <p>Samples are grouped by their {@code model_name} label (the empty name when a sample has none).
 * A model served by several engine cores (vLLM's {@code engine} label, data parallelism) sums their
 * running and waiting counts and averages their KV-cache usage, since each core has a cache of its own
 * and the same size. Comments, other metrics, histograms, timestamps and labels in any order are
 * skipped or tolerated; a NaN or infinite value of a gauge read here is ignored. A malformed sample
 * of one of the gauges read here is an error, so a broken exporter shows rather than reading as idle;
 * a malformed line of any other metric is skipped, so an exotic exporter elsewhere cannot hide vLLM's.
 *
 * @param models load per model name
 */
public record VllmMetrics(Map<String, ModelLoad> models) {
    static final String RUNNING = "vllm:num_requests_running";
    static final String WAITING = "vllm:num_requests_waiting";
    static final String KV_CACHE = "vllm:kv_cache_usage_perc";
    static final String GPU_CACHE = "vllm:gpu_cache_usage_perc";

    public VllmMetrics {
        models = Map.copyOf(Objects.requireNonNull(models, "models is null"));
    }

    /**
     * One model's figures.
     *
     * @param running sequences being generated, at least 0
     * @param waiting sequences queued, at least 0
     * @param kvCacheUsage share of the KV cache in use, in [0, 1]
     */
    public record ModelLoad(int running, int waiting, double kvCacheUsage) {
        public static final ModelLoad IDLE = new ModelLoad(0, 0, 0);

        public ModelLoad {
            if (running < 0 || waiting < 0) {
                throw new IllegalArgumentException("running and waiting must not be negative: " + running + ", "
                        + waiting);
            }
            if (!(kvCacheUsage >= 0 && kvCacheUsage <= 1)) {
                throw new IllegalArgumentException("kvCacheUsage must be in [0, 1]: " + kvCacheUsage);
            }
        }
    }

    /**
     * Reads an exposition.
     *
     * @throws IllegalArgumentException naming the line, for a malformed sample of a gauge read here
     */
    public static VllmMetrics parse(String exposition) {
        Objects.requireNonNull(exposition, "exposition is null");
        Map<String, Sums> sums = new TreeMap<>();
        int lineNumber = 0;
        for (String line : exposition.split("\r?\n|\r")) {
            lineNumber++;
            PrometheusSample.parse(line, lineNumber, VllmMetrics::isRead).ifPresent(sample -> {
                if (Double.isFinite(sample.value())) {
                    sums.computeIfAbsent(sample.labels().getOrDefault("model_name", ""), model -> new Sums())
                            .add(sample.name(), sample.value());
                }
            });
        }
        Map<String, ModelLoad> models = new TreeMap<>();
        sums.forEach((model, sum) -> models.put(model, sum.load()));
        return new VllmMetrics(models);
    }

    /** The figures of {@code model}, if the exposition has any. */
    public Optional<ModelLoad> model(String model) {
        return Optional.ofNullable(models.get(Objects.requireNonNull(model, "model is null")));
    }

    /** The whole server: running and waiting summed over models, the fullest model's KV-cache usage. */
    public ModelLoad total() {
        int running = 0;
        int waiting = 0;
        double kvCache = 0;
        for (ModelLoad load : models.values()) {
            running += load.running();
            waiting += load.waiting();
            kvCache = Math.max(kvCache, load.kvCacheUsage());
        }
        return new ModelLoad(running, waiting, kvCache);
    }

    private static boolean isRead(String name) {
        return name.equals(RUNNING) || name.equals(WAITING) || name.equals(KV_CACHE) || name.equals(GPU_CACHE);
    }

    /** Running totals of one model's samples. */
    private static final class Sums {
        private double running;
        private double waiting;
        private double kvCache;
        private int kvCacheSamples;
        private double gpuCache;
        private int gpuCacheSamples;

        void add(String name, double value) {
            switch (name) {
                case RUNNING -> running += value;
                case WAITING -> waiting += value;
                case KV_CACHE -> {
                    kvCache += value;
                    kvCacheSamples++;
                }
                case GPU_CACHE -> {
                    gpuCache += value;
                    gpuCacheSamples++;
                }
                default -> throw new IllegalStateException("not a metric read here: " + name);
            }
        }

        ModelLoad load() {
            double usage = kvCacheSamples > 0 ? kvCache / kvCacheSamples
                    : gpuCacheSamples > 0 ? gpuCache / gpuCacheSamples : 0;
            // Counts are gauges of whole sequences; a negative or fractional value is an exporter's
            // rounding, not a reason to lose the server's figures.
            return new ModelLoad(count(running), count(waiting), Math.clamp(usage, 0.0, 1.0));
        }

        private static int count(double value) {
            return (int) Math.clamp(Math.round(value), 0, Integer.MAX_VALUE);
        }
    }
}
