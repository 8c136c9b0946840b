package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.engines.ContextBudget;
import io.hyperlocal.engines.EngineErrors;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.GuardedListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.SlotQueue;
import io.hyperlocal.engines.TokenRate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * An engine that writes placeholder text, never a model's: for demos, load tests and the simulator.
 * Its models are marked {@link ModelInfo#simulated()}, and every text starts with
 * {@code "[simulated] This text comes from Hyperlocal's simulated engine, not from a model."}, then
 * filler sentences. A token is one word. The text is fixed by a seed: the request's, or one drawn from
 * a generator seeded with {@link SimulatedEngineSettings#seed()}. It honours {@code maxTokens} and the
 * context (then {@code LENGTH}), stop sequences (held back as llama.cpp does, then {@code STOP}), and
 * otherwise stops at a natural length of a few dozen words ({@code STOP}).
 *
 * <p>Prompt tokens are a deterministic approximation, not a tokenizer's count: the whitespace-separated
 * words of the prompt, plus one per chat message for its role. {@link #countTokens} counts words.
 *
 * <p>Words come on a scheduler after {@code timeToFirstToken}, then every {@code perTokenDelay}; slots
 * and the waiting limit work as in the real engines. {@code kvCacheUsage} is busy slots over slots.
 */
public final class SimulatedEngine implements InferenceEngine {
    private final String id;
    private final List<String> modelIds;
    private final SimulatedEngineSettings settings;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final SlotQueue slots;
    private final TokenRate rate;
    private final SplittableRandom seeds;
    private final Set<SimulatedGeneration> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** An engine with a scheduler of its own, shut down on {@link #close()}, and the system's monotonic clock. */
    public SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings) {
        this(id, modelIds, settings, Executors.newScheduledThreadPool(1, task -> {
            Thread thread = new Thread(task, id + "-simulated");
            thread.setDaemon(true);
            return thread;
        }), true, System::nanoTime);
    }

    /**
     * @param scheduler runs the words; the engine does not shut it down
     * @param nanoTime a monotonic clock in nanoseconds, for the token rate
     */
    public SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings,
            ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        this(id, modelIds, settings, scheduler, false, nanoTime);
    }

    private SimulatedEngine(String id, List<String> modelIds, SimulatedEngineSettings settings,
            ScheduledExecutorService scheduler, boolean ownsScheduler, LongSupplier nanoTime) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.modelIds = List.copyOf(Objects.requireNonNull(modelIds, "modelIds is null"));
        if (this.modelIds.isEmpty()) {
            throw new IllegalArgumentException("modelIds must not be empty");
        }
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
        this.ownsScheduler = ownsScheduler;
        this.slots = new SlotQueue(id, settings.slots(), settings.waitingLimit());
        this.rate = new TokenRate(nanoTime, TokenRate.DEFAULT_WINDOW);
        this.seeds = new SplittableRandom(settings.seed());
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
        int promptTokens = promptTokens(request.prompt());
        int budget = ContextBudget.completionTokens(settings.contextLength(), promptTokens,
                request.sampling().maxTokens(), request.prompt());
        long seed = request.sampling().seed().orElseGet(this::drawSeed);
        SimulatedGeneration generation = new SimulatedGeneration(seed, request.sampling().stop(), promptTokens, budget,
                new GuardedListener(request.requestId(), listener), scheduler, settings, rate, slots, active::remove);
        active.add(generation);
        try {
            generation.admit();
        } catch (RuntimeException e) {
            active.remove(generation);
            throw e;
        }
        return generation;
    }

    @Override
    public int countTokens(String model, String text) {
        Objects.requireNonNull(text, "text is null");
        requireServing(model);
        return words(text);
    }

    @Override
    public EngineHealth health() {
        return closed.get() ? new EngineHealth.Down("engine '" + id + "' is closed") : EngineHealth.READY;
    }

    @Override
    public EngineLoad load() {
        int running = slots.running();
        return new EngineLoad(running, slots.waiting(), slots.slots(), running / (double) slots.slots(),
                rate.perSecond());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List.copyOf(active).forEach(SimulatedGeneration::cancel);
        if (ownsScheduler) {
            scheduler.shutdown();
        }
    }

    static int promptTokens(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Text text -> words(text.text());
            case Prompt.Chat chat -> chat.messages().stream().mapToInt(message -> words(message.content()) + 1).sum();
        };
    }

    static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private synchronized long drawSeed() {
        return seeds.nextLong();
    }

    private void requireServing(String model) {
        Objects.requireNonNull(model, "model is null");
        if (closed.get()) {
            throw EngineErrors.closed(id);
        }
        if (!modelIds.contains(model)) {
            throw EngineErrors.modelNotFound(id, model);
        }
    }
}
