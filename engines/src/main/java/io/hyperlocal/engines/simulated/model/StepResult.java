package io.hyperlocal.engines.simulated.model;

import java.util.List;
import java.util.Objects;

/**
 * What one scheduler step did.
 *
 * @param durationNanos how long the step takes, from the {@link StepTimeModel}
 * @param prefillTokens uncached prompt (or recomputed) tokens computed, X of the step model
 * @param decodeTokens decoding sequences, Y of the step model
 * @param sequences every sequence the step computed, in batch order
 * @param preempted sequences sent back to the waiting queue to free KV blocks (recompute preemption)
 */
public record StepResult(long durationNanos, int prefillTokens, int decodeTokens, List<SequenceStep> sequences,
        List<Long> preempted) {
    public StepResult {
        if (durationNanos < 0 || prefillTokens < 0 || decodeTokens < 0) {
            throw new IllegalArgumentException("durationNanos, prefillTokens and decodeTokens must not be negative: "
                    + durationNanos + ", " + prefillTokens + ", " + decodeTokens);
        }
        sequences = List.copyOf(Objects.requireNonNull(sequences, "sequences is null"));
        preempted = List.copyOf(Objects.requireNonNull(preempted, "preempted is null"));
    }

    /** Tokens the step computed, prefill and decode together; never more than the token budget. */
    public int batchedTokens() {
        return sequences.stream().mapToInt(SequenceStep::computedTokens).sum();
    }

    /** Ids of the sequences that ended with this step. */
    public List<Long> finished() {
        return sequences.stream().filter(SequenceStep::finished).map(SequenceStep::id).toList();
    }

    /**
     * One sequence's part in a step.
     *
     * @param id the sequence
     * @param computedTokens tokens whose KV the step computed for it (a prefill chunk, or 1 to decode)
     * @param emittedToken whether the step sampled a new token for it (its prefill completed, or it decoded)
     * @param generatedTokens tokens generated so far, this step's included
     * @param finished whether that was its last token; its blocks are then free (and stay cached)
     */
    public record SequenceStep(long id, int computedTokens, boolean emittedToken, int generatedTokens,
            boolean finished) {
        public SequenceStep {
            if (computedTokens < 1) {
                throw new IllegalArgumentException("computedTokens must be at least 1: " + computedTokens);
            }
            if (generatedTokens < 0) {
                throw new IllegalArgumentException("generatedTokens must not be negative: " + generatedTokens);
            }
        }
    }
}
