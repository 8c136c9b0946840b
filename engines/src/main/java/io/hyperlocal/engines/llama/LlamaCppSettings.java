package io.hyperlocal.engines.llama;

/**
 * How one {@link LlamaCppEngine} uses its model.
 *
 * @param slots generations the engine runs at once, in [1, 256]; each takes a llama.cpp slot
 * @param contextPerSlot tokens of context per generation, prompt and completion together, in [16, 1048576]
 * @param threads CPU threads llama.cpp decodes with, at least 1; taken from the first engine that opens a model
 * @param batchThreads CPU threads for prompt evaluation, at least 1; taken like {@code threads}
 * @param waitingLimit requests queued for a slot before the engine refuses more, at least 0
 */
public record LlamaCppSettings(int slots, int contextPerSlot, int threads, int batchThreads, int waitingLimit) {
    public static final int DEFAULT_SLOTS = 2;
    public static final int DEFAULT_CONTEXT_PER_SLOT = 2048;
    public static final int DEFAULT_WAITING_LIMIT = 16;
    public static final int MAX_SLOTS = 256;
    public static final int MIN_CONTEXT_PER_SLOT = 16;
    public static final int MAX_CONTEXT_PER_SLOT = 1 << 20;

    public LlamaCppSettings {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be in [1, " + MAX_SLOTS + "]: " + slots);
        }
        if (contextPerSlot < MIN_CONTEXT_PER_SLOT || contextPerSlot > MAX_CONTEXT_PER_SLOT) {
            throw new IllegalArgumentException("contextPerSlot must be in [" + MIN_CONTEXT_PER_SLOT + ", "
                    + MAX_CONTEXT_PER_SLOT + "]: " + contextPerSlot);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (batchThreads < 1) {
            throw new IllegalArgumentException("batchThreads must be at least 1: " + batchThreads);
        }
        if (waitingLimit < 0) {
            throw new IllegalArgumentException("waitingLimit must not be negative: " + waitingLimit);
        }
    }

    /** Two slots of 2048 tokens, half the machine's cores (at least one) for decoding and for prompts. */
    public static LlamaCppSettings defaults() {
        int threads = defaultThreads(Runtime.getRuntime().availableProcessors());
        return new LlamaCppSettings(DEFAULT_SLOTS, DEFAULT_CONTEXT_PER_SLOT, threads, threads, DEFAULT_WAITING_LIMIT);
    }

    /** Half of {@code cores}, at least one: llama.cpp decodes fastest on physical cores, not hyperthreads. */
    public static int defaultThreads(int cores) {
        return Math.max(1, cores / 2);
    }

    public LlamaCppSettings withSlots(int newSlots) {
        return new LlamaCppSettings(newSlots, contextPerSlot, threads, batchThreads, waitingLimit);
    }

    public LlamaCppSettings withContextPerSlot(int newContextPerSlot) {
        return new LlamaCppSettings(slots, newContextPerSlot, threads, batchThreads, waitingLimit);
    }

    public LlamaCppSettings withThreads(int newThreads, int newBatchThreads) {
        return new LlamaCppSettings(slots, contextPerSlot, newThreads, newBatchThreads, waitingLimit);
    }

    public LlamaCppSettings withWaitingLimit(int newWaitingLimit) {
        return new LlamaCppSettings(slots, contextPerSlot, threads, batchThreads, newWaitingLimit);
    }
}
