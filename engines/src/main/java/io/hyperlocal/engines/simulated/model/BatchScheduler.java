package io.hyperlocal.engines.simulated.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Continuous batching as vLLM V1 schedules it, one {@link #step()} at a time. Each sequence has
 * {@code tokens} (prompt plus what it generated) and {@code computed} (those whose KV is cached); a
 * step brings sequences closer, under a token budget shared by prefill chunks and decodes:
 * <ol>
 *   <li>Running sequences first, in admission order: each gets what it lacks (1 token when decoding, a
 *       chunk of its prompt when prefilling) within the budget. When the KV cache has no block for it,
 *       the most recently admitted running sequence is preempted (recompute: its blocks are freed, it
 *       goes back to the head of the waiting queue), until the block is found or the sequence itself
 *       was preempted.</li>
 *   <li>Then, unless the step preempted, waiting sequences in arrival order while fewer than
 *       {@code maxRunning} run and budget is left: each reuses its longest cached prefix and gets a
 *       chunk of the rest, provided the cache keeps the watermark free; the first that does not fit
 *       stops admission, so nobody overtakes it.</li>
 * </ol>
 * A sequence whose computed tokens catch up with its tokens samples one new token in that step;
 * after its last output token it finishes and its blocks are freed (they stay cached).
 *
 * <p>Pure: no clock, no threads. The step's duration comes from the {@link StepTimeModel}, with
 * jitter from the injected generator. Not thread-safe.
 */
public final class BatchScheduler {
    private final SchedulerLimits limits;
    private final StepTimeModel stepTime;
    private final RandomGenerator random;
    private final KvCache cache;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    private final Map<Long, Sequence> sequences = new HashMap<>();
    // The step being built, in batch order; each sequence's chunk is in the sequence (Sequence.chunk).
    private final List<Sequence> batch = new ArrayList<>();
    private long promptTokens;
    private long generationTokens;
    private long preemptions;
    private long steps;

    public BatchScheduler(SchedulerLimits limits, StepTimeModel stepTime, RandomGenerator random) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.stepTime = Objects.requireNonNull(stepTime, "stepTime is null");
        this.random = Objects.requireNonNull(random, "random is null");
        this.cache = new KvCache(limits.kvBlocks());
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
        int capacity = limits.kvBlocks() * KvCache.BLOCK_SIZE;
        if (request.promptLength() + request.outputLength() > capacity) {
            throw new IllegalArgumentException("sequence " + request.id() + " needs "
                    + (request.promptLength() + request.outputLength()) + " tokens of KV cache, more than all "
                    + capacity + " the cache holds");
        }
        if (sequences.size() >= limits.maxRunning() + limits.maxWaiting()) {
            return false;
        }
        Sequence sequence = new Sequence(request, cache);
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
            cache.free(sequence.hold);
        }
        return true;
    }

    public boolean hasWork() {
        return !sequences.isEmpty();
    }

    /** Runs one step; see the class comment. A scheduler without work returns an empty, zero-length step. */
    public StepResult step() {
        int budget = limits.tokenBudget();
        batch.clear();
        List<Long> preempted = new ArrayList<>();
        for (int index = 0; index < running.size() && budget > 0; ) {
            Sequence sequence = running.get(index);
            int chunk = Math.min(sequence.tokens - sequence.computed, budget);
            boolean scheduled = true;
            while (!cache.grow(sequence.hold, sequence.computed + chunk)) {
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
            sequence.chunk = chunk;
            batch.add(sequence);
            budget -= chunk;
            index++;
        }
        if (preempted.isEmpty()) {
            admit(budget);
        }
        return apply(preempted);
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
    public KvCache cache() {
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

    private void admit(int budget) {
        while (budget > 0 && !waiting.isEmpty() && running.size() < limits.maxRunning()) {
            Sequence sequence = waiting.peekFirst();
            int cached = cache.cachedPrefix(sequence.hold, sequence.tokens);
            int chunk = Math.min(sequence.tokens - cached, budget);
            // With nothing running, nothing will free blocks: the watermark would only stall the queue.
            int reserve = running.isEmpty() ? 0 : limits.watermarkBlocks();
            if (!cache.admit(sequence.hold, sequence.tokens, chunk, reserve)) {
                break;
            }
            waiting.pollFirst();
            sequence.computed = cached;
            running.add(sequence);
            sequence.chunk = chunk;
            batch.add(sequence);
            budget -= chunk;
        }
    }

    private void preempt(Sequence sequence) {
        cache.free(sequence.hold);
        sequence.computed = 0;
        waiting.addFirst(sequence);
        preemptions++;
    }

    private StepResult apply(List<Long> preempted) {
        int prefill = 0;
        int decode = 0;
        boolean anyFinished = false;
        List<StepResult.SequenceStep> results = new ArrayList<>(batch.size());
        for (Sequence sequence : batch) {
            int chunk = sequence.chunk;
            if (sequence.decoding()) {
                decode++;
            } else {
                prefill += chunk;
            }
            long id = sequence.request.id();
            sequence.computed += chunk;
            cache.commit(sequence.hold, sequence.computed);
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
                    sequence.finished = true;
                    anyFinished = true;
                    cache.free(sequence.hold);
                }
            }
            results.add(new StepResult.SequenceStep(id, chunk, emitted, sequence.generated, finished));
        }
        if (anyFinished) {
            // One pass instead of a search per finished sequence; the order of the rest is kept.
            running.removeIf(sequence -> sequence.finished);
        }
        if (!batch.isEmpty()) {
            steps++;
        }
        long duration = batch.isEmpty() ? 0 : stepTime.sampleNanos(prefill, decode, random);
        return new StepResult(duration, prefill, decode, results, preempted);
    }

    private static final class Sequence {
        final SequenceRequest request;
        // Prompt then output ids: the KV cache hashes its blocks once, through the hold.
        final KvCache.Hold hold;
        // Prompt plus generated tokens: what the KV must hold before the next token is sampled.
        int tokens;
        int computed;
        int generated;
        // Tokens the step being built computes for it.
        int chunk;
        boolean finished;

        Sequence(SequenceRequest request, KvCache cache) {
            this.request = request;
            this.hold = cache.hold(request.namespace(), request.allTokens());
            this.tokens = request.promptLength();
        }

        /** One token left to compute, and it is a generated one: a decode, not a prefill chunk. */
        boolean decoding() {
            return generated > 0 && tokens - computed == 1;
        }
    }
}
