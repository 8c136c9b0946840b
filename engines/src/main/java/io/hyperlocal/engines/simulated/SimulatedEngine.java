package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.engines.ContextBudget;
import io.hyperlocal.engines.EngineErrors;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.GuardedListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.TokenRate;
import io.hyperlocal.engines.simulated.model.BatchScheduler;
import io.hyperlocal.engines.simulated.model.PseudoTokens;
import io.hyperlocal.engines.simulated.model.SequenceRequest;
import io.hyperlocal.engines.simulated.model.StepResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An engine that writes placeholder text, never a model's, with the timing of a vLLM server: for
 * demos, load tests and the federation. Its models are marked {@link ModelInfo#simulated()}, and every
 * text starts with {@code "[simulated] This text comes from Hyperlocal's simulated engine, not from a
 * model."}, then filler sentences. A token is one word; the text is fixed by a seed (the request's, or
 * one drawn from the engine's seeded generator). It honours {@code maxTokens} and the context (then
 * {@code LENGTH}), stop sequences (held back as llama.cpp does, then {@code STOP}), and otherwise stops
 * at a natural length of a few dozen words ({@code STOP}).
 *
 * <p>Prompt tokens are a deterministic approximation, not a tokenizer's count ({@link SimulatedPrompts}):
 * the words of the prompt, one per chat message for its role, and the words of the assistant prefix.
 * The text continues after as many words as the prefix holds, so a continued stream does not repeat
 * the notice; with the same seed it continues word for word.
 *
 * <p>Timing: a {@link BatchScheduler} (continuous batching, chunked prefill, paged KV cache with prefix
 * caching, recompute preemption) runs one step at a time on the engine's executor. A step's state
 * changes apply when it starts and its tokens reach listeners when it ends, its duration (from the
 * step-time model) later; the next step starts then. So {@link #load()} shows the state after the step
 * in flight. A request beyond {@code slots + waitingLimit} in the engine is refused with
 * {@code ENGINE_OVERLOADED}.
 *
 * <p>Failures ({@link SimulatedEngineSettings#failures()}): a share of requests fails with
 * {@code ENGINE_FAILED} before any token; at the crash time every generation fails mid-stream with
 * {@code ENGINE_FAILED}, health turns {@code Down} and new requests are refused with
 * {@code ENGINE_FAILED}. A slow-down lives in the step-time model and does not show in health.
 *
 * <p>{@link #vllmMetrics()} writes vLLM's Prometheus metrics; {@link VllmMetrics} documents the format.
 *
 * <p>Larger than most classes here on purpose: it holds all of the engine's locking and threading (the
 * step loop, cancellation, the crash), so their interplay reads in one file. The logic it drives is in
 * {@code simulated.model}, {@link SimulatedText} and {@link SimulatedGeneration}.
 */
public final class SimulatedEngine implements InferenceEngine {
    // vLLM never runs an empty prompt; the KV cache gets this one token instead.
    private static final int BEGIN_OF_TEXT = PseudoTokens.of("<|begin_of_text|>");

    private final String id;
    private final List<String> modelIds;
    private final SimulatedEngineSettings settings;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final TokenRate rate;
    private final LongSupplier nanoTime;
    private final double createdSeconds;
    private final Map<Long, SimulatedGeneration> generations = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    // The fields below are guarded by lock.
    private final BatchScheduler scheduler;
    private final SplittableRandom random;
    private long nextSequence;
    private boolean stepping;
    private boolean closed;
    private String crash = "";
    private VllmMetrics.Outcomes outcomes = VllmMetrics.Outcomes.NONE;
    private final LatencyHistogram timeToFirstToken = new LatencyHistogram(LatencyHistogram.TIME_TO_FIRST_TOKEN);
    private final LatencyHistogram interTokenLatency = new LatencyHistogram(LatencyHistogram.INTER_TOKEN_LATENCY);
    private final LatencyHistogram endToEndLatency = new LatencyHistogram(LatencyHistogram.REQUEST_LATENCY);

    /** An engine with an executor thread of its own, shut down on {@link #close()}, and the system's clocks. */
    public SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings) {
        this(id, modelIds, settings, ownExecutor(id), true, System::nanoTime, Clock.systemUTC());
    }

    /**
     * @param executor runs the steps and the listeners; the engine does not shut it down. A
     *     single-threaded one keeps each listener's events in order.
     * @param nanoTime a monotonic clock in nanoseconds, for the token rate
     */
    public SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings,
            ScheduledExecutorService executor, LongSupplier nanoTime) {
        this(id, modelIds, settings, executor, false, nanoTime, Clock.systemUTC());
    }

    /**
     * @param executor runs the steps and the listeners; the engine does not shut it down
     * @param nanoTime a monotonic clock in nanoseconds, for the token rate
     * @param wallClock for a crash at an instant and the metrics' creation times
     */
    public SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings,
            ScheduledExecutorService executor, LongSupplier nanoTime, Clock wallClock) {
        this(id, modelIds, settings, executor, false, nanoTime, wallClock);
    }

    private SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings,
            ScheduledExecutorService executor, boolean ownsExecutor, LongSupplier nanoTime, Clock wallClock) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.modelIds = List.copyOf(Objects.requireNonNull(modelIds, "modelIds is null"));
        if (this.modelIds.isEmpty()) {
            throw new IllegalArgumentException("modelIds must not be empty");
        }
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.executor = Objects.requireNonNull(executor, "executor is null");
        this.ownsExecutor = ownsExecutor;
        Objects.requireNonNull(wallClock, "wallClock is null");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime is null");
        this.rate = new TokenRate(nanoTime, TokenRate.DEFAULT_WINDOW);
        this.random = new SplittableRandom(settings.seed());
        // Jitter draws from a stream of its own, so that the number of requests does not shift it.
        this.scheduler = new BatchScheduler(settings.limits(), settings.stepTime(), random.split());
        this.createdSeconds = wallClock.millis() / 1000.0;
        scheduleCrash(settings.failures().crash(), wallClock);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SIMULATED;
    }

    @Override
    public List<ModelInfo> models() {
        return modelIds.stream()
                .map(model -> new ModelInfo(model, settings.contextLength(), true, "simulated by engine '" + id + "'"))
                .toList();
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(listener, "listener is null");
        requireServing(request.model());
        int[] prompt = SimulatedPrompts.tokenIds(request);
        int budget = ContextBudget.completionTokens(settings.contextLength(), prompt.length,
                request.sampling().maxTokens(), request.prompt());
        synchronized (lock) {
            requireServing(request.model());
            long seed = request.sampling().seed().orElseGet(random::nextLong);
            SimulatedText.Continuation words = SimulatedText.continuation(seed, request.assistantPrefix(), budget);
            long sequence = nextSequence++;
            SimulatedGeneration generation = new SimulatedGeneration(sequence, words.words(), words.lastWordReason(),
                    request.sampling().stop(), prompt.length, new GuardedListener(request.requestId(), listener),
                    this::cancel, nanoTime.getAsLong());
            if (random.nextDouble() < settings.failures().errorRate()) {
                HyperlocalException error = new HyperlocalException(ErrorCode.ENGINE_FAILED, "Engine '" + id
                        + "' failed request " + request.requestId() + " before its first token (simulated error, "
                        + "rate " + settings.failures().errorRate() + "); retry it on another engine.");
                later(() -> count(generation, generation.failed(error)));
                return generation;
            }
            int[] output = words.words().stream().mapToInt(word -> PseudoTokens.of(word.strip())).toArray();
            SequenceRequest sequenceRequest = new SequenceRequest(sequence, PseudoTokens.namespace(request.model()),
                    prompt.length == 0 ? new int[] {BEGIN_OF_TEXT} : prompt, output);
            if (!scheduler.submit(sequenceRequest)) {
                throw new HyperlocalException(ErrorCode.ENGINE_OVERLOADED, "Engine '" + id + "' is at capacity: "
                        + scheduler.running() + " of " + settings.slots() + " sequences run and "
                        + scheduler.waiting() + " wait, the most it holds is "
                        + (settings.slots() + settings.waitingLimit())
                        + ". Retry later or send the request to another site.");
            }
            generations.put(sequence, generation);
            wake();
            return generation;
        }
    }

    @Override
    public int countTokens(String model, String text) {
        Objects.requireNonNull(text, "text is null");
        requireServing(model);
        return SimulatedPrompts.words(text);
    }

    @Override
    public EngineHealth health() {
        synchronized (lock) {
            if (closed) {
                return new EngineHealth.Down("engine '" + id + "' is closed");
            }
            return crash.isEmpty() ? EngineHealth.READY : new EngineHealth.Down(crash);
        }
    }

    /** Running and waiting from the scheduler, slots = {@code max_num_seqs}, KV use from the block pool. */
    @Override
    public EngineLoad load() {
        synchronized (lock) {
            return new EngineLoad(scheduler.running(), scheduler.waiting(), settings.slots(),
                    scheduler.cache().usage(), rate.perSecond());
        }
    }

    /** vLLM's Prometheus metrics as its {@code /metrics} endpoint writes them; see {@link VllmMetrics}. */
    public String vllmMetrics() {
        synchronized (lock) {
            return new VllmMetrics(modelIds.get(0), scheduler.running(), scheduler.waiting(),
                    scheduler.cache().usage(), scheduler.cache().queriedTokens(), scheduler.cache().hitTokens(),
                    scheduler.preemptions(), scheduler.promptTokens(), scheduler.generationTokens(), outcomes,
                    timeToFirstToken.snapshot(), interTokenLatency.snapshot(), endToEndLatency.snapshot(),
                    createdSeconds).render();
        }
    }

    public SimulatedEngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        List<SimulatedGeneration> cancelled;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelled = drain();
        }
        cancelled.forEach(generation -> later(() -> count(generation, generation.cancelled())));
        if (ownsExecutor) {
            executor.shutdown();
        }
    }

    private static ScheduledExecutorService ownExecutor(String id) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, id + "-simulated");
            thread.setDaemon(true);
            return thread;
        });
        // On close, the cancellations already queued still run; a step end or a crash still ahead does not.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    private void cancel(SimulatedGeneration generation) {
        synchronized (lock) {
            if (generations.remove(generation.sequence()) != null) {
                scheduler.cancel(generation.sequence());
                wake();
            }
        }
        later(() -> count(generation, generation.cancelled()));
    }

    /** Starts a step unless one is in flight or there is nothing to do. Holds the lock. */
    private void wake() {
        if (stepping || closed || !crash.isEmpty() || !scheduler.hasWork()) {
            return;
        }
        stepping = true;
        try {
            executor.execute(this::step);
        } catch (RejectedExecutionException e) {
            stepping = false;
        }
    }

    private void step() {
        StepResult result;
        synchronized (lock) {
            if (closed || !crash.isEmpty()) {
                stepping = false;
                return;
            }
            result = scheduler.step();
            if (result.sequences().isEmpty()) {
                // Nothing could run; the next submission or cancellation wakes the loop again.
                stepping = false;
                return;
            }
        }
        if (result.durationNanos() == 0) {
            endStep(result);
            return;
        }
        try {
            executor.schedule(() -> endStep(result), result.durationNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                stepping = false;
            }
        }
    }

    private void endStep(StepResult result) {
        for (StepResult.SequenceStep step : result.sequences()) {
            SimulatedGeneration generation = generations.get(step.id());
            if (!step.emittedToken() || generation == null) {
                continue;
            }
            rate.record(1);
            long sinceLast = generation.tokenAt(nanoTime.getAsLong());
            synchronized (lock) {
                (step.generatedTokens() == 1 ? timeToFirstToken : interTokenLatency).observeNanos(sinceLast);
            }
            if (!generation.token(step.generatedTokens())) {
                synchronized (lock) {
                    generations.remove(step.id());
                    // Ended early by a stop sequence: vLLM's front end aborts the request in the core likewise.
                    scheduler.cancel(step.id());
                }
                count(generation, true);
            }
        }
        synchronized (lock) {
            stepping = false;
            wake();
        }
    }

    private void scheduleCrash(FailureInjection.Crash when, Clock wallClock) {
        Duration delay = switch (when) {
            case FailureInjection.Crash.Never never -> Duration.ofSeconds(-1);
            case FailureInjection.Crash.After after -> after.delay();
            case FailureInjection.Crash.At at -> {
                Duration until = Duration.between(wallClock.instant(), at.instant());
                yield until.isNegative() ? Duration.ZERO : until;
            }
        };
        if (!delay.isNegative()) {
            executor.schedule(this::crash, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void crash() {
        List<SimulatedGeneration> victims;
        synchronized (lock) {
            if (closed || !crash.isEmpty()) {
                return;
            }
            crash = "engine '" + id + "' crashed (simulated failure)";
            victims = drain();
        }
        for (SimulatedGeneration victim : victims) {
            HyperlocalException error = new HyperlocalException(ErrorCode.ENGINE_FAILED, "Engine '" + id
                    + "' crashed (simulated failure) after " + victim.completionTokens() + " generated tokens of "
                    + "this request; continue the generation on another engine.");
            count(victim, victim.failed(error));
        }
    }

    /** Takes every generation out of the engine. Holds the lock. */
    private List<SimulatedGeneration> drain() {
        List<SimulatedGeneration> all = new ArrayList<>(generations.values());
        all.forEach(generation -> scheduler.cancel(generation.sequence()));
        generations.clear();
        return all;
    }

    private void count(SimulatedGeneration generation, boolean ended) {
        if (!ended) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (lock) {
            outcomes = outcomes.plus(generation.outcome());
            endToEndLatency.observeNanos(now - generation.arrivalNanos());
        }
    }

    /** Runs {@code task} on the engine's executor, or here when the executor is shut down. */
    private void later(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The caller's thread is the only one left to tell the listener.
            task.run();
        }
    }

    private void requireServing(String model) {
        Objects.requireNonNull(model, "model is null");
        synchronized (lock) {
            if (closed) {
                throw EngineErrors.closed(id);
            }
            if (!crash.isEmpty()) {
                throw new HyperlocalException(ErrorCode.ENGINE_FAILED, "Engine '" + id
                        + "' has crashed (simulated failure) and takes no more requests; route the request to "
                        + "another engine.");
            }
        }
        if (!modelIds.contains(model)) {
            throw EngineErrors.modelNotFound(id, model);
        }
    }
}
