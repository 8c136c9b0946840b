package io.hyperlocal.server.gateway;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One completion on a site agent, from its engine to the last byte: SSE chunks or one JSON body,
 * shaped as the gateway shapes them, and the generation cancelled when the caller goes away. Events
 * arrive on the engine's thread; the close on the event loop; the volatile fields are what they share.
 */
final class AgentStream implements GenerationListener {
    private final Exchange exchange;
    private final CompletionCall call;
    private final GenerationRequest request;
    private final InferenceEngine engine;
    private final CompletionJson.Header header;
    private final StringBuilder text = new StringBuilder();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Generation generation;
    private volatile boolean callerGone;
    private boolean headersSent;

    AgentStream(Exchange exchange, CompletionCall call, GenerationRequest request, InferenceEngine engine) {
        this.exchange = exchange;
        this.call = call;
        this.request = request;
        this.engine = engine;
        String prefix = call.kind() == CompletionCall.Kind.CHAT ? "chatcmpl-" : "cmpl-";
        this.header = new CompletionJson.Header(call.kind(), prefix + exchange.requestId(),
                exchange.startedAtEpochSeconds(), call.model());
    }

    /** Starts the generation; a refusal (unknown model, full queue) reaches the caller as an exception. */
    void start() {
        exchange.response().closeHandler(ignored -> {
            callerGone = true;
            Generation current = generation;
            if (current != null && !finished.get()) {
                current.cancel();
            }
        });
        generation = engine.generate(request, this);
        if (callerGone) {
            // The caller left before generate returned: the close handler found no generation to cancel.
            generation.cancel();
        }
    }

    @Override
    public void onEvent(GenerationEvent event) {
        switch (event) {
            case GenerationEvent.Token token -> onToken(token);
            case GenerationEvent.Completed completed -> onCompleted(completed);
            case GenerationEvent.Failed failed -> onFailed(failed);
        }
    }

    private void onToken(GenerationEvent.Token token) {
        text.append(token.text());
        if (!call.stream() || callerGone) {
            return;
        }
        HttpServerResponse response = exchange.response();
        if (!headersSent) {
            sendStreamHeaders();
            if (call.kind() == CompletionCall.Kind.CHAT) {
                response.write(CompletionJson.chunk(header, true, "", null, call.includeUsage()));
            }
        }
        response.write(CompletionJson.chunk(header, false, token.text(), null, call.includeUsage()));
    }

    private void onCompleted(GenerationEvent.Completed completed) {
        if (!finished.compareAndSet(false, true) || callerGone || completed.finishReason() == FinishReason.CANCELLED) {
            return;
        }
        HttpServerResponse response = exchange.response();
        if (call.stream()) {
            if (!headersSent) {
                sendStreamHeaders();
                if (call.kind() == CompletionCall.Kind.CHAT) {
                    response.write(CompletionJson.chunk(header, true, "", null, call.includeUsage()));
                }
            }
            response.write(CompletionJson.chunk(header, false, "", completed.finishReason(), call.includeUsage()));
            if (call.includeUsage()) {
                response.write(CompletionJson.usageChunk(header, completed.usage()));
            }
            response.end(CompletionJson.DONE);
        } else {
            response.putHeader("content-type", "application/json");
            response.end(CompletionJson.response(header, text.toString(), completed.finishReason(), completed.usage()));
        }
    }

    private void onFailed(GenerationEvent.Failed failed) {
        if (!finished.compareAndSet(false, true) || callerGone) {
            return;
        }
        if (headersSent) {
            // An error event and no [DONE]: the caller knows the answer is cut short.
            exchange.response().end(CompletionJson.event(OpenAiErrors.body(failed.error())));
        } else {
            exchange.fail(failed.error());
        }
    }

    private void sendStreamHeaders() {
        headersSent = true;
        exchange.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache");
    }
}
