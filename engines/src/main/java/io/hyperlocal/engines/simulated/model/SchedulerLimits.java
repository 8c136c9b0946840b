package io.hyperlocal.engines.simulated.model;

/**
 * vLLM's scheduler knobs.
 *
 * @param maxRunning most sequences in a batch ({@code max_num_seqs}), at least 1
 * @param maxWaiting most sequences queued beyond those that can run; a submission past
 *     {@code maxRunning + maxWaiting} in the system is refused (the engine answers 429)
 * @param tokenBudget most tokens computed per step, prefill chunks and decodes together
 *     ({@code max_num_batched_tokens}), at least {@code maxRunning} as vLLM requires
 * @param kvBlocks KV-cache blocks of {@link KvCache#BLOCK_SIZE} tokens ({@code num_gpu_blocks}), at least 1
 * @param watermark share of the blocks a new admission must leave free while others run, in [0, 0.5]; Dynamo's
 *     mocker uses 0.01, as vLLM's V0 block manager did
 */
public record SchedulerLimits(int maxRunning, int maxWaiting, int tokenBudget, int kvBlocks, double watermark) {
    /** Dynamo mocker's watermark (reference §4.2). */
    public static final double DEFAULT_WATERMARK = 0.01;

    public SchedulerLimits {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be at least 1: " + maxRunning);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("maxWaiting must not be negative: " + maxWaiting);
        }
        if (tokenBudget < maxRunning) {
            throw new IllegalArgumentException("tokenBudget must be at least maxRunning (" + maxRunning
                    + "), as vLLM requires of max_num_batched_tokens: " + tokenBudget);
        }
        if (kvBlocks < 1) {
            throw new IllegalArgumentException("kvBlocks must be at least 1: " + kvBlocks);
        }
        if (!(watermark >= 0 && watermark <= 0.5)) {
            throw new IllegalArgumentException("watermark must be in [0, 0.5]: " + watermark);
        }
    }

    /** Blocks a new admission must leave free. */
    int watermarkBlocks() {
        return (int) Math.ceil(kvBlocks * watermark);
    }
}
