package io.hyperlocal.engines.simulated.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The continuous-batching scheduler as it was before it was made faster (2026-11-27), on
 * {@link ReferenceKvCache}: the oracle {@link BatchSchedulerMatchesReferenceTest} holds
 * {@link BatchScheduler} to, step for step. A copy on purpose: the oracle must not share the code it
 * checks. A deliberate change of the scheduler's behaviour changes this class with it, in the same
 * commit; a change made only for speed leaves it alone.
 */
final class ReferenceBatchScheduler {
    private final SchedulerLimits limits;
    private final StepTimeModel stepTime;
    private final RandomGenerator random;
    private final ReferenceKvCache cache;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    private final Map<Long, Sequence> sequences = new HashMap<>();
    private long promptTokens;
    private long generationTokens;
    private long preemptions;
    private long steps;

    ReferenceBatchScheduler(SchedulerLimits limits, StepTimeModel stepTime, RandomGenerator random) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.stepTime = Objects.requireNonNull(stepTime, "stepTime is null");
        this.random = Objects.requireNonNull(random, "random is null");
        this.cache = new ReferenceKvCache(limits.kvBlocks());
    }

    /**
     * Queues a sequence. Refused, with no effect, when {@code maxRunning + maxWaiting} sequences are
     * already in the scheduler.
     *
     * @return whether it was queued
     * @throws IllegalArgumentException for an id already held, or a sequence too long for the whole cache
     */
    public boolean submit(SequenceRequest request) {
        Objects.requireNonNull(request, "request is null");
        if (sequences.containsKey(request.id())) {
            throw new IllegalArgumentException("sequence " + request.id() + " is already in the scheduler");
        }
        int capacity = limits.kvBlocks() * ReferenceKvCache.BLOCK_SIZE;
        if (request.promptLength() + request.outputLength() > capacity) {
            throw new IllegalArgumentException("sequence " + request.id() + " needs "
                    + (request.promptLength() + request.outputLength()) + " tokens of KV cache, more than all "
                    + capacity + " the cache holds");
        }
        if (sequences.size() >= limits.maxRunning() + limits.maxWaiting()) {
            return false;
        }
        Sequence sequence = new Sequence(request);
        sequences.put(request.id(), sequence);
        waiting.addLast(sequence);
        return true;
    }

    /** Removes a sequence, waiting or running, and frees its blocks; false when it was not here. */
    public boolean cancel(long id) {
        Sequence sequence = sequences.remove(id);
        if (sequence == null) {
            return false;
        }
        if (!waiting.remove(sequence)) {
            running.remove(sequence);
            cache.free(id);
        }
        return true;
    }

    public boolean hasWork() {
        return !sequences.isEmpty();
    }

    /** Runs one step; see the class comment. A scheduler without work returns an empty, zero-length step. */
    public StepResult step() {
        int budget = limits.tokenBudget();
        Map<Sequence, Integer> batch = new LinkedHashMap<>();
        List<Long> preempted = new ArrayList<>();
        for (int index = 0; index < running.size() && budget > 0; ) {
            Sequence sequence = running.get(index);
            int chunk = Math.min(sequence.tokens - sequence.computed, budget);
            boolean scheduled = true;
            while (!cache.grow(sequence.request.id(), sequence.computed + chunk)) {
                Sequence victim = running.removeLast();
                preempt(victim);
                preempted.add(victim.request.id());
                if (victim == sequence) {
                    scheduled = false;
                    break;
                }
            }
            if (!scheduled) {
                break;
            }
            batch.put(sequence, chunk);
            budget -= chunk;
            index++;
        }
        if (preempted.isEmpty()) {
            budget = admit(batch, budget);
        }
        return apply(batch, preempted);
    }

    /** Sequences in a batch now (vLLM's {@code num_requests_running}). */
    public int running() {
        return running.size();
    }

    /** Sequences queued, preempted ones included (vLLM's {@code num_requests_waiting}). */
    public int waiting() {
        return waiting.size();
    }

    public SchedulerLimits limits() {
        return limits;
    }

    /** The KV cache, to read its figures; change it only through the scheduler. */
    public ReferenceKvCache cache() {
        return cache;
    }

    /** Prompt tokens of sequences whose prefill completed, counted once each (vLLM's {@code prompt_tokens}). */
    public long promptTokens() {
        return promptTokens;
    }

    /** Tokens generated, in total (vLLM's {@code generation_tokens}). */
    public long generationTokens() {
        return generationTokens;
    }

    /** Preemptions, in total (vLLM's {@code num_preemptions}). */
    public long preemptions() {
        return preemptions;
    }

    public long steps() {
        return steps;
    }

    private int admit(Map<Sequence, Integer> batch, int budget) {
        while (budget > 0 && !waiting.isEmpty() && running.size() < limits.maxRunning()) {
            Sequence sequence = waiting.peekFirst();
            long id = sequence.request.id();
            long namespace = sequence.request.namespace();
            int cached = cache.cachedPrefix(namespace, sequence.all, sequence.tokens);
            int chunk = Math.min(sequence.tokens - cached, budget);
            // With nothing running, nothing will free blocks: the watermark would only stall the queue.
            int reserve = running.isEmpty() ? 0 : limits.watermarkBlocks();
            if (!cache.admit(id, namespace, sequence.all, sequence.tokens, chunk, reserve)) {
                break;
            }
            waiting.pollFirst();
            sequence.computed = cached;
            running.add(sequence);
            batch.put(sequence, chunk);
            budget -= chunk;
        }
        return budget;
    }

    private void preempt(Sequence sequence) {
        cache.free(sequence.request.id());
        sequence.computed = 0;
        waiting.addFirst(sequence);
        preemptions++;
    }

    private StepResult apply(Map<Sequence, Integer> batch, List<Long> preempted) {
        int prefill = 0;
        int decode = 0;
        List<StepResult.SequenceStep> results = new ArrayList<>(batch.size());
        for (Map.Entry<Sequence, Integer> entry : batch.entrySet()) {
            Sequence sequence = entry.getKey();
            int chunk = entry.getValue();
            if (sequence.decoding()) {
                decode++;
            } else {
                prefill += chunk;
            }
            long id = sequence.request.id();
            sequence.computed += chunk;
            cache.commit(id, sequence.all, sequence.computed);
            boolean emitted = sequence.computed == sequence.tokens;
            boolean finished = false;
            if (emitted) {
                sequence.generated++;
                sequence.tokens++;
                generationTokens++;
                if (sequence.generated == 1) {
                    promptTokens += sequence.request.promptLength();
                }
                finished = sequence.generated == sequence.request.outputLength();
                if (finished) {
                    sequences.remove(id);
                    running.remove(sequence);
                    cache.free(id);
                }
            }
            results.add(new StepResult.SequenceStep(id, chunk, emitted, sequence.generated, finished));
        }
        if (!batch.isEmpty()) {
            steps++;
        }
        long duration = batch.isEmpty() ? 0 : stepTime.sampleNanos(prefill, decode, random);
        return new StepResult(duration, prefill, decode, results, preempted);
    }

    private static final class Sequence {
        final SequenceRequest request;
        final int[] all;
        // Prompt plus generated tokens: what the KV must hold before the next token is sampled.
        int tokens;
        int computed;
        int generated;

        Sequence(SequenceRequest request) {
            this.request = request;
            this.all = request.allTokens();
            this.tokens = request.promptLength();
        }

        /** One token left to compute, and it is a generated one: a decode, not a prefill chunk. */
        boolean decoding() {
            return generated > 0 && tokens - computed == 1;
        }
    }
}
