package io.hyperlocal.engines.remote;

import io.hyperlocal.core.Delivery;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.SlotQueue;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One completion on the remote server: it holds a slot of the engine from admission to its terminal
 * event, sends the request when admitted, turns the SSE stream into events and guards it with
 * deadlines (first token, then idle) that the engine's sweep checks ({@link #checkDeadline}). A caller
 * that takes the answer {@linkplain Delivery#WHOLE whole} gets it asked for as one JSON body, which costs
 * both sides a fraction of a stream's work per token; its only deadline is the answer timeout.
 * Stream lines and the terminal event are handled under this object's lock, so no token can follow the
 * terminal event whichever thread (HTTP client, sweep, canceller) ends the generation first.
 *
 * <p>Aborting the call closes its HTTP/1.1 connection instead of returning it to the pool (see
 * {@link StreamTransport}), which is how the server learns the client is gone and stops generating.
 */
final class RemoteGeneration implements Generation, CompletionStream.Sink, StreamTransport.Response {
    /** A whole answer longer than this is refused: no completion a client asked for comes near it. */
    static final int MAX_ANSWER_CHARS = 64 << 20;

    private final Upstream upstream;
    private final GenerationRequest request;
    private final URI url;
    private final byte[] body;
    private final int estimatedPromptTokens;
    private final GenerationListener listener;
    private final Consumer<RemoteGeneration> onEnd;
    private final SlotQueue.Ticket ticket;
    private final CompletionStream stream = new CompletionStream(this);
    private final boolean whole;
    /** A whole answer's body as it arrives; null when streamed. */
    private final StringBuilder answer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile StreamTransport.Call call;
    /** The deadlines count from when the request is sent, not from when it waits for a slot. */
    private volatile boolean sent;
    private volatile boolean headersReceived;
    private volatile long deadline;
    private boolean firstToken;
    private boolean ended;

    RemoteGeneration(Upstream upstream, GenerationRequest request, int estimatedPromptTokens,
            GenerationListener listener, SlotQueue slots, Consumer<RemoteGeneration> onEnd) {
        this.upstream = upstream;
        this.request = request;
        this.url = upstream.generationUrl(request.prompt());
        this.body = OpenAiJson.requestBody(request);
        this.estimatedPromptTokens = estimatedPromptTokens;
        this.listener = listener;
        this.onEnd = onEnd;
        this.whole = request.delivery() == Delivery.WHOLE;
        this.answer = whole ? new StringBuilder() : null;
        this.ticket = slots.ticket(this::send);
    }

    /**
     * Sends it once a slot is free.
     *
     * @throws HyperlocalException with {@code ENGINE_OVERLOADED} when the engine's queue is full
     */
    void admit() {
        ticket.admit();
    }

    @Override
    public void cancel() {
        if (!cancelled.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (ended) {
                // Finished already: aborting now would only cost the pooled connection.
                return;
            }
        }
        if (!ticket.withdraw()) {
            ticket.release();
        }
        abort();
        GenerationEvent.Completed terminal = new GenerationEvent.Completed(FinishReason.CANCELLED, usageSoFar());
        try {
            // The listener hears the end on an engine thread, as the SPI promises, not the canceller's.
            upstream.scheduler().execute(() -> finish(terminal));
        } catch (RejectedExecutionException e) {
            finish(terminal);
        }
    }

    private void send() {
        if (cancelled.get()) {
            return;
        }
        deadline = upstream.nanoTime().getAsLong()
                + (whole ? upstream.settings().answerTimeout() : upstream.settings().firstTokenTimeout()).toNanos();
        sent = true;
        Map<String, String> headers = new LinkedHashMap<>();
        upstream.settings().bearerToken().ifPresent(token -> headers.put("Authorization", "Bearer " + token));
        headers.put("Content-Type", "application/json");
        headers.put("Accept", whole ? "application/json" : "text/event-stream");
        // vLLM and llama-server log it, so one id follows the request across sites.
        headers.put("X-Request-Id", request.requestId());
        try {
            call = upstream.transport().post(url, headers, body, this);
        } catch (RuntimeException e) {
            // The transport is closed: the engine closed between admission and start.
            fail(UpstreamErrors.unreachable(upstream.engineId(), url, e, upstream.settings().connectTimeout()), true);
            return;
        }
        if (cancelled.get()) {
            abort();
        }
    }

    @Override
    public void status(int code) {
        headersReceived = true;
        if (code == 200) {
            upstream.health().success();
        }
    }

    @Override
    public void complete(int code, String errorBody) {
        if (cancelled.get()) {
            return;
        }
        if (code != 200) {
            fail(UpstreamErrors.status(upstream.engineId(), url, request.model(), code, errorBody),
                    UpstreamErrors.isServerFailure(code));
        } else {
            ended();
        }
    }

    @Override
    public void failed(Throwable failure) {
        if (cancelled.get()) {
            // cancel() delivers the terminal event; the failure here is only the abort it caused.
            return;
        }
        if (headersReceived) {
            broken("the connection failed: " + UpstreamErrors.unwrap(failure));
        } else {
            fail(UpstreamErrors.unreachable(upstream.engineId(), url, failure, upstream.settings().connectTimeout()),
                    true);
        }
    }

    @Override
    public synchronized void line(String line) {
        if (ended) {
            return;
        }
        if (whole) {
            if (answer.length() + line.length() > MAX_ANSWER_CHARS) {
                broken("the answer is longer than " + MAX_ANSWER_CHARS + " characters");
                return;
            }
            if (!answer.isEmpty()) {
                answer.append('\n');
            }
            answer.append(line);
            return;
        }
        long events = stream.events();
        stream.line(line);
        if (firstToken && stream.events() != events) {
            deadline = upstream.nanoTime().getAsLong() + upstream.settings().idleTimeout().toNanos();
        }
    }

    /** The end of the body. */
    private synchronized void ended() {
        if (ended) {
            return;
        }
        if (whole) {
            stream.whole(answer.toString());
        } else {
            stream.end();
        }
        if (ended) {
            return;
        }
        if (whole || stream.finishReason().isPresent()) {
            // A whole answer is finished once its body has been read; a server that omits [DONE] after a
            // finish reason has still finished.
            done();
        } else {
            broken("the server ended the stream without a finish reason or [DONE]");
        }
    }

    @Override
    public void text(String text, int tokens) {
        if (!firstToken) {
            firstToken = true;
            deadline = upstream.nanoTime().getAsLong() + upstream.settings().idleTimeout().toNanos();
        }
        upstream.rate().record(tokens);
        listener.onEvent(new GenerationEvent.Token(text, tokens));
    }

    @Override
    public void done() {
        Optional<String> reason = stream.finishReason();
        Optional<FinishReason> mapped = reason.map(CompletionStream::map).orElse(Optional.of(FinishReason.STOP));
        if (mapped.isEmpty()) {
            fail(UpstreamErrors.broken(upstream.engineId(), url, stream.countedTokens(),
                    "the server gave the sequence up (finish_reason '" + reason.orElse("") + "')"), false);
            return;
        }
        TokenUsage usage = stream.reportedUsage().orElse(new TokenUsage(estimatedPromptTokens, stream.countedTokens()));
        // The rest of the body (nothing, or a closing chunk) is still read, so the connection goes back
        // to the pool rather than being closed.
        finish(new GenerationEvent.Completed(mapped.get(), usage));
    }

    @Override
    public void error(String message) {
        fail(UpstreamErrors.broken(upstream.engineId(), url, stream.countedTokens(),
                "the server reported an error: " + message), false);
        abort();
    }

    private void broken(String why) {
        fail(UpstreamErrors.broken(upstream.engineId(), url, stream.countedTokens(), why), true);
        abort();
    }

    /** Ends it failed; a {@code serverFailure} also counts against the engine's health. */
    private void fail(HyperlocalException error, boolean serverFailure) {
        finish(new GenerationEvent.Failed(error, usageSoFar()), serverFailure);
    }

    private void finish(GenerationEvent terminal) {
        finish(terminal, false);
    }

    /** Delivers the terminal event unless one was delivered. */
    private void finish(GenerationEvent terminal, boolean serverFailure) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        // Health and slot are settled before the listener hears the end, so whoever reacts to the
        // terminal event (the gateway retrying elsewhere) already sees the engine as it now is.
        if (serverFailure && terminal instanceof GenerationEvent.Failed failed) {
            upstream.health().failure(failed.error().getMessage());
        }
        ticket.release();
        onEnd.accept(this);
        listener.onEvent(terminal);
    }

    private synchronized TokenUsage usageSoFar() {
        int tokens = stream.countedTokens();
        Optional<TokenUsage> reported = stream.reportedUsage();
        if (tokens == 0 && reported.isEmpty()) {
            return TokenUsage.NONE;
        }
        return new TokenUsage(reported.map(TokenUsage::promptTokens).orElse(estimatedPromptTokens),
                Math.max(tokens, reported.map(TokenUsage::completionTokens).orElse(0)));
    }

    private void abort() {
        StreamTransport.Call current = call;
        if (current != null) {
            current.abort();
        }
    }

    /**
     * Fails the generation when its deadline has passed. The engine calls it for every generation in
     * flight every few hundred milliseconds: one periodic task per engine instead of a timer per request,
     * whose cancelled tasks would wait in the scheduler's queue, each holding its whole request, for
     * the full first-token timeout (a minute by default).
     */
    void checkDeadline() {
        if (!sent) {
            return;
        }
        boolean waitingForFirst;
        synchronized (this) {
            if (ended || deadline - upstream.nanoTime().getAsLong() > 0) {
                return;
            }
            waitingForFirst = !firstToken;
        }
        String why = whole
                ? "no answer within the answer timeout of " + upstream.settings().answerTimeout().toMillis() + " ms"
                : waitingForFirst
                ? "no token within the first-token timeout of " + upstream.settings().firstTokenTimeout().toMillis()
                        + " ms (" + (headersReceived ? "the server answered but generated nothing"
                                : "no response from the server") + ")"
                : "no data within the idle timeout of " + upstream.settings().idleTimeout().toMillis() + " ms";
        fail(UpstreamErrors.broken(upstream.engineId(), url, stream.countedTokens(), why), true);
        abort();
    }

}
