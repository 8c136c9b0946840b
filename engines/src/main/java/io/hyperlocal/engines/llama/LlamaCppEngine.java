package io.hyperlocal.engines.llama;

import de.kherud.llama.InferenceParameters;
import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A model served by llama.cpp inside this JVM, through a {@link LlamaModelLease} it shares with the
 * engines of other sites. The engine runs at most {@code settings.slots()} generations at once, each
 * on a platform worker thread of its own (llama.cpp's JNI receive call blocks), and queues up to
 * {@code settings.waitingLimit()} more.
 *
 * <p><b>Prompts.</b> {@code Prompt.Text} is evaluated as is. {@code Prompt.Chat} is rendered with the
 * GGUF's {@code tokenizer.chat_template} through llama.cpp's built-in implementations of the well-known
 * templates (Llama 2 and 3, ChatML, Mistral, Gemma, Phi and others), detected from the template text;
 * llama.cpp renders a template it does not recognise as ChatML. Jinja is not used, since a Jinja
 * template that raises an error aborts the JVM in de.kherud:llama 4.1.0. A GGUF without a template
 * gets a plain transcript, one
 * line per message labelled {@code System:} (also for {@code developer}), {@code User:},
 * {@code Assistant:} or {@code Tool:}, as in {@code "User: Hello\nAssistant:"}, and {@code "\nUser:"}
 * becomes an extra stop sequence so the model does not write the user's next turn.
 *
 * <p><b>Token counts.</b> Prompt tokens are exact: the rendered prompt is tokenized here, with the BOS
 * token first when the GGUF asks for it, and that very token array is what llama.cpp evaluates.
 * Completion tokens count one per streamed result, which llama.cpp sends per generated token,
 * including tokens whose text it holds back (a partial stop sequence) and the end-of-generation token.
 * The exception: a token that ends inside a UTF-8 character is merged into the next result, so text in
 * scripts of multi-byte characters can be undercounted by the tokens that split a character.
 * {@code Token} events carry text only; tokens held back travel with the next text, and those with no
 * text after them count in the usage alone.
 *
 * <p><b>Sampling.</b> Only temperature and top-p shape the distribution, as in OpenAI's API (llama.cpp's
 * top-k and min-p are off); temperature 0 is greedy. A seed uses its low 31 bits; without one, a seed
 * is drawn from the engine's random generator. The prompt cache is off, so equal requests compute the
 * same way whatever the slot served before. A generation ends {@code LENGTH} when it produced its
 * token budget, {@code STOP} at an end token or stop sequence, {@code CANCELLED} after cancel.
 *
 * <p><b>Load.</b> {@code kvCacheUsage} is approximated as busy slots over slots.
 */
public final class LlamaCppEngine implements InferenceEngine {
    private static final long CLOSE_WAIT_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger(LlamaCppEngine.class.getName());

    private final String id;
    private final String modelId;
    private final LlamaModelLease lease;
    private final LlamaCppSettings settings;
    private final SlotQueue slots;
    private final TokenRate rate;
    private final RandomGenerator seeds;
    private final ExecutorService workers;
    private final Set<LlamaGeneration> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** An engine with the system's monotonic clock and a randomly seeded generator for seeds. */
    public LlamaCppEngine(String id, String modelId, LlamaModelLease lease) {
        this(id, modelId, lease, System::nanoTime, new SplittableRandom());
    }

    /**
     * @param id the engine id, unique within its site
     * @param modelId the model id clients name, usually {@link #modelIdFor(Path)} or one from a catalog
     * @param lease the engine's share of a loaded model; the engine closes it on {@link #close()}
     * @param nanoTime a monotonic clock in nanoseconds, for the token rate
     * @param seeds draws a seed for requests without one; used under its own lock
     */
    public LlamaCppEngine(String id, String modelId, LlamaModelLease lease, LongSupplier nanoTime,
            RandomGenerator seeds) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.modelId = Objects.requireNonNull(modelId, "modelId is null");
        this.lease = Objects.requireNonNull(lease, "lease is null");
        this.seeds = Objects.requireNonNull(seeds, "seeds is null");
        if (lease.isClosed()) {
            throw new IllegalArgumentException("lease is closed");
        }
        LlamaPrompts.requireTokenPrompts();
        this.settings = lease.settings();
        this.slots = new SlotQueue(id, settings.slots(), settings.waitingLimit());
        this.rate = new TokenRate(nanoTime, TokenRate.DEFAULT_WINDOW);
        this.workers = workerPool(id);
    }

    /** The default model id for a GGUF file: its name in lower case without {@code .gguf}. */
    public static String modelIdFor(Path gguf) {
        String name = gguf.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gguf") ? name.substring(0, name.length() - ".gguf".length()) : name;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.LLAMA_CPP;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(modelId, settings.contextPerSlot(), false, lease.path().getFileName().toString()));
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(listener, "listener is null");
        requireServing(request.model());
        GgufMetadata metadata = lease.metadata();
        LlamaPrompts.Rendered rendered = LlamaPrompts.render(request.prompt(), metadata, lease.model())
                .continuing(request.assistantPrefix());
        int[] tokens = LlamaPrompts.tokens(rendered.text(), metadata, lease.model());
        if (tokens.length == 0) {
            throw HyperlocalException.invalidValue("prompt",
                    "The prompt is empty and this model starts prompts with no BOS token: there is nothing to continue.");
        }
        SamplingParameters sampling = request.sampling();
        int budget = ContextBudget.completionTokens(settings.contextPerSlot(), tokens.length, sampling.maxTokens(),
                request.prompt());
        InferenceParameters parameters = LlamaSampling.parameters(sampling, budget, rendered.extraStops(), seeds);
        LlamaPrompts.setTokenPrompt(parameters, tokens);
        LlamaGeneration generation = new LlamaGeneration(request.requestId(), lease.model(), parameters,
                tokens.length, budget, new GuardedListener(request.requestId(), listener), rate, slots, workers,
                active::remove);
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
        return lease.model().encode(text).length;
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

    /** Cancels what runs and waits, waits up to 30 seconds for the workers, then releases the lease. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List.copyOf(active).forEach(LlamaGeneration::cancel);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Engine {0}: generations still running {1} s after close; "
                        + "releasing the model anyway", id, CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lease.close();
        }
    }

    private void requireServing(String model) {
        Objects.requireNonNull(model, "model is null");
        if (closed.get()) {
            throw EngineErrors.closed(id);
        }
        if (!model.equals(modelId)) {
            throw EngineErrors.modelNotFound(id, model);
        }
    }

    private static ExecutorService workerPool(String engineId) {
        AtomicInteger counter = new AtomicInteger();
        // Platform threads: each blocks in JNI for a whole generation, which would pin a virtual thread.
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, engineId + "-generation-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
