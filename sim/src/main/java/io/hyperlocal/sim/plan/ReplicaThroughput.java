package io.hyperlocal.sim.plan;

import io.hyperlocal.engines.simulated.model.KvCache;
import io.hyperlocal.engines.simulated.model.StepTimeModel;

/**
 * What one replica of a model sustains at the SLO, derived from its step-time preset
 * ({@code step = base + perPrefillToken·X + perDecodeToken·Y}, scaled by the quantisation factor):
 * <ul>
 *   <li><b>KV tokens</b> = (GPU memory × GPUs per replica × 0.9 − weight bytes) / KV bytes per token
 *       (0.9 is vLLM's default {@code gpu_memory_utilization}).</li>
 *   <li><b>Batch</b> = the largest number of decoding sequences, at most vLLM's default
 *       {@code max_num_seqs} of 256 and at most KV tokens / tokens per request, whose decode-only step
 *       still meets the inter-token SLO.</li>
 *   <li><b>Decode tokens/s</b> = batch / step(0, batch).</li>
 *   <li><b>Token budget</b> = the largest prefill chunk whose step still meets the inter-token SLO
 *       (at most vLLM's default {@code max_num_batched_tokens} of 8192, at least the batch), so that no
 *       step, prefill or decode, is longer than the inter-token SLO when perPrefillToken ≥ perDecodeToken.</li>
 *   <li><b>Prefill tokens/s</b> = token budget / step(budget, 0): full prefill steps, base cost included.</li>
 * </ul>
 * The planner charges a request prompt / prefill rate + completion / decode rate replica-seconds; the
 * simulator check then tells whether that holds once batches are mixed and queues form.
 *
 * @param kvTokens tokens the replica's KV cache holds
 * @param batch most decoding sequences per step (the scheduler's {@code maxRunning})
 * @param decodeStepNanos step(0, batch)
 * @param tokenBudget most tokens per step (the scheduler's {@code tokenBudget})
 * @param prefillStepNanos step(tokenBudget, 0)
 */
public record ReplicaThroughput(StepTimeModel stepTime, long kvTokens, int batch, long decodeStepNanos,
        double decodeTokensPerSecond, int tokenBudget, long prefillStepNanos, double prefillTokensPerSecond) {

    /** vLLM's default share of GPU memory for weights and KV cache. */
    public static final double MEMORY_UTILISATION = 0.9;
    /** vLLM's default {@code max_num_seqs}. */
    public static final int MAX_BATCH = 256;
    /** vLLM V1's default {@code max_num_batched_tokens} for online serving, also Dynamo mocker's. */
    public static final int MAX_TOKEN_BUDGET = 8192;

    /** Tokens one replica's KV cache holds: what memory the weights leave, in whole blocks. */
    public static long kvTokens(ModelSpec model, GpuHardware gpu) {
        double kvBytes = gpu.memoryGb() * 1e9 * model.gpusPerReplica() * MEMORY_UTILISATION - model.weightBytes();
        long kvTokens = (long) Math.floor(kvBytes / model.kvBytesPerToken());
        // The scheduler counts KV in whole blocks.
        return kvTokens - kvTokens % KvCache.BLOCK_SIZE;
    }

    /**
     * Derives a replica's throughput.
     *
     * @param tokensPerRequest mean prompt + completion tokens of the requests it will serve
     * @throws IllegalArgumentException when even one sequence breaks the inter-token SLO, or the KV
     *     cache cannot hold one request
     */
    public static ReplicaThroughput derive(ModelSpec model, GpuHardware gpu, Slo slo, double tokensPerRequest) {
        StepTimeModel step = model.stepTime();
        long itl = slo.interToken().toNanos();
        long kvTokens = kvTokens(model, gpu);
        if (kvTokens < Math.ceil(tokensPerRequest)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the KV cache holds %,d tokens, less than one request of %.0f", kvTokens, tokensPerRequest));
        }
        int cap = (int) Math.min(MAX_BATCH, Math.floor(kvTokens / Math.max(1, tokensPerRequest)));
        int batch = 0;
        for (int b = cap; b >= 1; b--) {
            if (step.meanNanos(0, b) <= itl) {
                batch = b;
                break;
            }
        }
        if (batch == 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a one-sequence decode step takes %.2f ms, over the inter-token SLO of %.2f ms",
                    step.meanNanos(0, 1) / 1e6, itl / 1e6));
        }
        long decodeStep = step.meanNanos(0, batch);
        int budget = batch;
        for (int x = MAX_TOKEN_BUDGET; x > batch; x--) {
            if (step.meanNanos(x, 0) <= itl) {
                budget = x;
                break;
            }
        }
        long prefillStep = step.meanNanos(budget, 0);
        return new ReplicaThroughput(step, kvTokens, batch, decodeStep, batch * 1e9 / decodeStep, budget, prefillStep,
                budget * 1e9 / prefillStep);
    }

    /** Replica-seconds one request of this shape occupies: prompt / prefill rate + completion / decode rate. */
    public double secondsPerRequest(double promptTokens, double completionTokens) {
        return promptTokens / prefillTokensPerSecond + completionTokens / decodeTokensPerSecond;
    }

    public int kvBlocks() {
        return (int) Math.min(Integer.MAX_VALUE, kvTokens / KvCache.BLOCK_SIZE);
    }
}
