package io.hyperlocal.core;

/**
 * Live load figures of one engine, the names and meaning of vLLM's metrics.
 *
 * @param running sequences being generated now ({@code vllm:num_requests_running})
 * @param waiting sequences queued for a slot ({@code vllm:num_requests_waiting})
 * @param slots most sequences the engine runs at once
 * @param kvCacheUsage share of the KV cache in use, in [0, 1] ({@code vllm:kv_cache_usage_perc})
 * @param tokensPerSecond generated tokens per second over the recent past
 */
public record EngineLoad(int running, int waiting, int slots, double kvCacheUsage, double tokensPerSecond) {
    public EngineLoad {
        if (running < 0 || waiting < 0 || slots < 0) {
            throw new IllegalArgumentException(
                    "running, waiting and slots must not be negative: " + running + ", " + waiting + ", " + slots);
        }
        if (!(kvCacheUsage >= 0 && kvCacheUsage <= 1)) {
            throw new IllegalArgumentException("kvCacheUsage must be in [0, 1]: " + kvCacheUsage);
        }
        if (!(tokensPerSecond >= 0)) {
            throw new IllegalArgumentException("tokensPerSecond must not be negative: " + tokensPerSecond);
        }
    }

    /** Queue pressure in [0, 1]: 0 for an idle engine, 1 when every slot is busy and work waits. */
    public double utilisation() {
        if (slots == 0) {
            return 1;
        }
        return Math.min(1.0, (running + waiting) / (double) slots);
    }
}
