package io.hyperlocal.engines.remote;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.engines.EngineErrors;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.GuardedListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.SlotQueue;
import io.hyperlocal.engines.TokenRate;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A remote server speaking the OpenAI protocol: vLLM, llama-server, Ollama, TGI or another Hyperlocal
 * site. Requests stream over a {@link StreamTransport} (by default the JDK's non-blocking
 * {@link HttpClient}) with HTTP/1.1 keep-alive: each stream has a connection of its own, reused by
 * later requests, so cancelling a stream closes exactly that connection and the server sees the
 * disconnect. Probes use the JDK client.
 *
 * <p><b>Requests.</b> {@code Prompt.Chat} goes to {@code /chat/completions}, {@code Prompt.Text} to
 * {@code /completions}, with {@code stream: true}, {@code stream_options.include_usage: true} and the
 * sampling parameters (see {@code OpenAiJson#requestBody} for the assistant prefix: vLLM continues it
 * through {@code continue_final_message}, llama-server and Ollama continue a trailing assistant
 * message by themselves; a server that does neither may start the answer over). A request delivered
 * {@linkplain io.hyperlocal.core.Delivery#WHOLE whole} goes with {@code stream: false} instead: its
 * answer is one JSON body, read at its end, delivered as one {@code Token} event of the completion
 * tokens its usage reports, and guarded by the answer timeout alone.
 *
 * <p><b>Token counts.</b> Each chunk with text is one {@code Token} event of one token, or of the
 * tokens the chunk's usage accounts for when the server sends usage in every chunk. The final usage is
 * the server's own, exact, when it honours {@code include_usage} (vLLM, llama-server, recent Ollama);
 * otherwise completion tokens count the chunks with text (exact for servers that send one token per
 * chunk) and prompt tokens are {@link #countTokens}' estimate. The engine has no tokenizer of the
 * remote model: {@link #countTokens} estimates one token per four characters.
 *
 * <p><b>Errors.</b> Before the first token: unreachable, timed out, 5xx: {@code ENGINE_FAILED}; 429:
 * {@code ENGINE_OVERLOADED}; 404: {@code MODEL_NOT_FOUND}; another 4xx: {@code INVALID_VALUE} (or
 * {@code CONTEXT_LENGTH_EXCEEDED}) with the upstream's message. After it, a cut stream, an idle timeout
 * or an error event: {@code ENGINE_FAILED} with the usage so far (for a whole answer: a cut body, an
 * error object or the answer timeout, with no usage). All arrive as a {@code Failed} event;
 * {@link #generate} itself throws only for an unknown model, a full queue or a closed engine.
 *
 * <p><b>Health and load.</b> The engine polls the server every {@code pollInterval} on the injected
 * scheduler (see {@link UpstreamProbes}); requests count too. It is {@code Down} after
 * {@code failuresBeforeDown} failures in a row, {@code Ready} while the last answer is at most three poll
 * intervals old, {@code Degraded} otherwise. Load comes from vLLM's metrics while they are that fresh
 * (this engine's own queue added to the server's waiting count), else from the engine's own counts,
 * with KV-cache usage approximated as busy slots over slots.
 */
public final class OpenAiCompatibleEngine implements InferenceEngine {
    private static final int CHARACTERS_PER_TOKEN = 4;
    /** Role and separator tokens most chat templates add per message. */
    private static final int TOKENS_PER_MESSAGE = 4;

    private final String id;
    private final RemoteEngineSettings settings;
    /** The configured models, built once: the gateway asks for them several times per request. */
    private final List<ModelInfo> configuredModels;
    private final Upstream upstream;
    private final UpstreamProbes probes;
    private final SlotQueue slots;
    private final Set<RemoteGeneration> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> polling;
    private final ScheduledFuture<?> sweeping;

    /** An engine with the system's monotonic clock. */
    public OpenAiCompatibleEngine(String id, RemoteEngineSettings settings, ScheduledExecutorService scheduler) {
        this(id, settings, scheduler, System::nanoTime);
    }

    /**
     * Starts polling the server at once.
     *
     * @param id the engine id, unique within its site
     * @param settings the server and the engine's limits
     * @param scheduler runs the probes, the sweep of stream deadlines and the delivery of cancellations; the
     *     caller owns it and shuts it down after {@link #close()}
     * @param nanoTime a monotonic clock in nanoseconds, for timeouts, freshness and the token rate
     */
    public OpenAiCompatibleEngine(String id, RemoteEngineSettings settings, ScheduledExecutorService scheduler,
            LongSupplier nanoTime) {
        this(id, settings, scheduler, nanoTime, new JdkStreamTransport(settings.connectTimeout()));
    }

    /**
     * An engine whose generations stream over {@code transport}; the engine owns it and closes it.
     *
     * @see #OpenAiCompatibleEngine(String, RemoteEngineSettings, ScheduledExecutorService, LongSupplier)
     */
    public OpenAiCompatibleEngine(String id, RemoteEngineSettings settings, ScheduledExecutorService scheduler,
            LongSupplier nanoTime, StreamTransport transport) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.configuredModels = settings.models().stream()
                .map(model -> new ModelInfo(model, settings.contextLength(), false, settings.baseUrl().toString()))
                .toList();
        Objects.requireNonNull(scheduler, "scheduler is null");
        Objects.requireNonNull(nanoTime, "nanoTime is null");
        Objects.requireNonNull(transport, "transport is null");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        UpstreamHealth health = new UpstreamHealth(id, settings.failuresBeforeDown(),
                settings.pollInterval().multipliedBy(3), nanoTime);
        this.upstream = new Upstream(id, settings, client, transport, health, new TokenRate(nanoTime, TokenRate.DEFAULT_WINDOW),
                scheduler, nanoTime);
        this.probes = new UpstreamProbes(upstream);
        this.slots = new SlotQueue(id, settings.slots(), settings.waitingLimit());
        this.polling = scheduler.scheduleWithFixedDelay(probes::poll, 0, settings.pollInterval().toNanos(),
                TimeUnit.NANOSECONDS);
        long sweep = sweepInterval(settings);
        this.sweeping = scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENAI_COMPATIBLE;
    }

    /** The configured models, or those the last discovery found (none before it answers). */
    @Override
    public List<ModelInfo> models() {
        if (settings.discoversModels()) {
            return probes.discovered();
        }
        return configuredModels;
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(listener, "listener is null");
        requireServing(request.model());
        RemoteGeneration generation = new RemoteGeneration(upstream, request, promptTokens(request),
                new GuardedListener(request.requestId(), listener), slots, active::remove);
        active.add(generation);
        try {
            generation.admit();
        } catch (RuntimeException e) {
            active.remove(generation);
            throw e;
        }
        return generation;
    }

    /** An estimate: one token per four characters, rounded up; the remote tokenizer is out of reach. */
    @Override
    public int countTokens(String model, String text) {
        Objects.requireNonNull(text, "text is null");
        requireServing(model);
        return estimate(text);
    }

    @Override
    public EngineHealth health() {
        return closed.get() ? new EngineHealth.Down("engine '" + id + "' is closed") : upstream.health().health();
    }

    @Override
    public EngineLoad load() {
        double tokensPerSecond = upstream.rate().perSecond();
        Optional<VllmMetrics> metrics = probes.freshMetrics();
        if (metrics.isPresent()) {
            VllmMetrics.ModelLoad server = metrics.get().total();
            return new EngineLoad(server.running(), server.waiting() + slots.waiting(), slots.slots(),
                    server.kvCacheUsage(), tokensPerSecond);
        }
        int running = slots.running();
        return new EngineLoad(running, slots.waiting(), slots.slots(), running / (double) slots.slots(),
                tokensPerSecond);
    }

    /** Stops polling, cancels what runs and waits, and closes the HTTP client's connections. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        polling.cancel(false);
        sweeping.cancel(false);
        List.copyOf(active).forEach(RemoteGeneration::cancel);
        upstream.client().shutdownNow();
        upstream.transport().close();
    }

    /** A tenth of the shortest timeout, between 10 ms and 1 s: a timeout fires at most that late. */
    static long sweepInterval(RemoteEngineSettings settings) {
        long shorter = Math.min(Math.min(settings.firstTokenTimeout().toNanos(), settings.idleTimeout().toNanos()),
                settings.answerTimeout().toNanos());
        return Math.clamp(shorter / 10, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
    }

    private void sweep() {
        for (RemoteGeneration generation : active) {
            try {
                generation.checkDeadline();
            } catch (RuntimeException e) {
                // One listener's failure must not stop the sweep: a task that throws is not repeated.
            }
        }
    }

    private void requireServing(String model) {
        Objects.requireNonNull(model, "model is null");
        if (closed.get()) {
            throw EngineErrors.closed(id);
        }
        for (ModelInfo info : models()) {
            if (info.id().equals(model)) {
                return;
            }
        }
        throw EngineErrors.modelNotFound(id, model);
    }

    private static int promptTokens(GenerationRequest request) {
        int tokens = 0;
        switch (request.prompt()) {
            case Prompt.Chat chat -> {
                for (ChatMessage message : chat.messages()) {
                    tokens += TOKENS_PER_MESSAGE + estimate(message.content());
                }
            }
            case Prompt.Text text -> tokens = estimate(text.text());
        }
        return tokens + estimate(request.assistantPrefix());
    }

    private static int estimate(String text) {
        return (text.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
    }
}
