package io.hyperlocal.engines.simulated;

import io.hyperlocal.engines.simulated.model.KvCache;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SimulatedEngine} behaves: vLLM's scheduler knobs, the step-time model and injected failures.
 *
 * @param contextLength tokens (words) of context per request ({@code max_model_len}), at least 16
 * @param slots most sequences running at once ({@code max_num_seqs}), at least 1
 * @param waitingLimit requests queued beyond {@code slots} before the engine answers 429, at least 0
 * @param tokenBudget tokens computed per step ({@code max_num_batched_tokens}), at least {@code slots}
 * @param kvBlocks KV-cache blocks of 16 tokens, enough for one full context
 * @param stepTime how long each step takes
 * @param failures errors and crash to inject
 * @param seed seeds the engine's generator: text seeds for requests without one, step jitter, errors
 */
public record SimulatedEngineSettings(int contextLength, int slots, int waitingLimit, int tokenBudget, int kvBlocks,
        StepTimeModel stepTime, FailureInjection failures, long seed) {
    public static final int DEFAULT_CONTEXT_LENGTH = 4096;
    public static final int DEFAULT_SLOTS = 8;
    public static final int DEFAULT_WAITING_LIMIT = 64;
    /** Dynamo mocker's default {@code max_num_batched_tokens} (reference §4.2). */
    public static final int DEFAULT_TOKEN_BUDGET = 8192;
    /** Twice what {@link #DEFAULT_SLOTS} full contexts need, so the defaults never preempt. */
    public static final int DEFAULT_KV_BLOCKS = 2 * DEFAULT_SLOTS * DEFAULT_CONTEXT_LENGTH / KvCache.BLOCK_SIZE;
    public static final long DEFAULT_SEED = 42;

    /** 4096 words of context, 8 running, 64 waiting, 8192 tokens a step, 4096 blocks, instant steps, no failure. */
    public static final SimulatedEngineSettings DEFAULTS = new SimulatedEngineSettings(DEFAULT_CONTEXT_LENGTH,
            DEFAULT_SLOTS, DEFAULT_WAITING_LIMIT, DEFAULT_TOKEN_BUDGET, DEFAULT_KV_BLOCKS, StepTimeModel.INSTANT,
            FailureInjection.NONE, DEFAULT_SEED);

    /**
     * Llama-3.1-8B on one H100 as vLLM serves it: 256 sequences and 8192 tokens a step (Dynamo mocker
     * defaults, reference §4.2), 29,205 KV blocks (BLIS {@code total_kv_blocks}, §4.4), 1000 waiting
     * (llm-d-inference-sim's queue, §4.1), 32K context.
     */
    public static final SimulatedEngineSettings LLAMA_3_1_8B_H100 = new SimulatedEngineSettings(32_768, 256, 1000,
            8192, 29_205, StepTimeModel.LLAMA_3_1_8B_H100, FailureInjection.NONE, DEFAULT_SEED);

    /** Llama-3.3-70B on four H100s: as the 8B preset, with BLIS's 128,273 KV blocks (reference §4.4). */
    public static final SimulatedEngineSettings LLAMA_3_3_70B_H100_TP4 = new SimulatedEngineSettings(32_768, 256,
            1000, 8192, 128_273, StepTimeModel.LLAMA_3_3_70B_H100_TP4, FailureInjection.NONE, DEFAULT_SEED);

    /**
     * A 1B model on a server CPU: 4 sequences, 512 tokens a step, 8K context and 2048 blocks (32K
     * tokens of KV, ~1 GB for a 1B model), 64 waiting.
     */
    public static final SimulatedEngineSettings SMALL_MODEL_CPU = new SimulatedEngineSettings(8192, 4, 64, 512,
            2048, StepTimeModel.SMALL_MODEL_CPU, FailureInjection.NONE, DEFAULT_SEED);

    public SimulatedEngineSettings {
        if (contextLength < 16) {
            throw new IllegalArgumentException("contextLength must be at least 16: " + contextLength);
        }
        Objects.requireNonNull(stepTime, "stepTime is null");
        Objects.requireNonNull(failures, "failures is null");
        // Validates slots, waitingLimit, tokenBudget and kvBlocks, with messages that name them.
        new SchedulerLimits(slots, waitingLimit, tokenBudget, kvBlocks, SchedulerLimits.DEFAULT_WATERMARK);
        if ((long) kvBlocks * KvCache.BLOCK_SIZE < contextLength) {
            throw new IllegalArgumentException("kvBlocks must hold one full context of " + contextLength
                    + " tokens (" + (contextLength + KvCache.BLOCK_SIZE - 1) / KvCache.BLOCK_SIZE + " blocks): "
                    + kvBlocks);
        }
    }

    /** The scheduler's limits, with vLLM's watermark. */
    public SchedulerLimits limits() {
        return new SchedulerLimits(slots, waitingLimit, tokenBudget, kvBlocks, SchedulerLimits.DEFAULT_WATERMARK);
    }

    /** Other limits; the token budget grows to {@code newSlots} when it was smaller. */
    public SimulatedEngineSettings withSlots(int newSlots, int newWaitingLimit) {
        return new SimulatedEngineSettings(contextLength, newSlots, newWaitingLimit, Math.max(tokenBudget, newSlots),
                kvBlocks, stepTime, failures, seed);
    }

    /**
     * Steps that take fixed times instead of a GPU's (see {@link StepTimeModel#fixedDelays}): a lone
     * request gets its first token after {@code timeToFirstToken}, the next ones every {@code perTokenDelay}.
     */
    public SimulatedEngineSettings withDelays(Duration timeToFirstToken, Duration perTokenDelay) {
        return withStepTime(StepTimeModel.fixedDelays(timeToFirstToken, perTokenDelay));
    }

    public SimulatedEngineSettings withStepTime(StepTimeModel newStepTime) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, tokenBudget, kvBlocks, newStepTime,
                failures, seed);
    }

    /** The same steps {@code factor} times slower: a gray failure, which health does not show. */
    public SimulatedEngineSettings withSlowdown(double factor) {
        return withStepTime(stepTime.withSlowdown(factor));
    }

    public SimulatedEngineSettings withContextLength(int newContextLength) {
        return new SimulatedEngineSettings(newContextLength, slots, waitingLimit, tokenBudget, kvBlocks, stepTime,
                failures, seed);
    }

    public SimulatedEngineSettings withTokenBudget(int newTokenBudget) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, newTokenBudget, kvBlocks, stepTime,
                failures, seed);
    }

    public SimulatedEngineSettings withKvBlocks(int newKvBlocks) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, tokenBudget, newKvBlocks, stepTime,
                failures, seed);
    }

    public SimulatedEngineSettings withFailures(FailureInjection newFailures) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, tokenBudget, kvBlocks, stepTime,
                newFailures, seed);
    }

    public SimulatedEngineSettings withSeed(long newSeed) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, tokenBudget, kvBlocks, stepTime,
                failures, newSeed);
    }
}
