package io.hyperlocal.server.gateway;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
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
    private final CompletionWriter writer;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Generation generation;
    private volatile boolean callerGone;

    AgentStream(Exchange exchange, CompletionCall call, GenerationRequest request, InferenceEngine engine) {
        this.exchange = exchange;
        this.call = call;
        this.request = request;
        this.engine = engine;
        this.writer = new CompletionWriter(exchange, call);
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
        writer.token(token.text(), !callerGone);
    }

    private void onCompleted(GenerationEvent.Completed completed) {
        if (!finished.compareAndSet(false, true) || callerGone || completed.finishReason() == FinishReason.CANCELLED) {
            return;
        }
        writer.complete(completed.finishReason(), completed.usage());
    }

    private void onFailed(GenerationEvent.Failed failed) {
        if (!finished.compareAndSet(false, true) || callerGone) {
            return;
        }
        writer.fail(failed.error());
    }
}
