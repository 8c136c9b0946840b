package io.hyperlocal.engines.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.SlotQueue;
import io.hyperlocal.engines.TokenRate;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One generation on a worker thread: it streams llama.cpp's partial results to the listener, one
 * completion token per partial result, and ends with exactly one terminal event.
 *
 * <p>Cancellation is two-step on purpose. {@link #cancel()} frees the engine's slot at once, but only
 * the worker stops llama.cpp, after its current {@code receiveCompletion} returns (one token, or the
 * prompt's evaluation): cancelling a task while another thread waits in {@code receiveCompletion} for
 * it would leave that thread waiting forever, since llama.cpp sends no more results for a cancelled
 * task. Until then llama.cpp simply defers the next request by a token.
 */
final class LlamaGeneration implements Generation, Runnable {
    private final String requestId;
    private final LlamaModel model;
    private final InferenceParameters parameters;
    private final int promptTokens;
    private final int completionBudget;
    private final GenerationListener listener;
    private final TokenRate rate;
    private final Executor workers;
    private final Consumer<LlamaGeneration> onEnd;
    private final SlotQueue.Ticket ticket;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private int completionTokens;

    LlamaGeneration(String requestId, LlamaModel model, InferenceParameters parameters, int promptTokens,
            int completionBudget, GenerationListener listener, TokenRate rate, SlotQueue slots, Executor workers,
            Consumer<LlamaGeneration> onEnd) {
        this.requestId = requestId;
        this.model = model;
        this.parameters = parameters;
        this.promptTokens = promptTokens;
        this.completionBudget = completionBudget;
        this.listener = listener;
        this.rate = rate;
        this.workers = workers;
        this.onEnd = onEnd;
        this.ticket = slots.ticket(this::startOnWorker);
    }

    /**
     * Runs it once a slot is free.
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
        if (ticket.withdraw()) {
            // Never started and never will: this is the only place that can end it.
            endOffWorker(new GenerationEvent.Completed(FinishReason.CANCELLED, new TokenUsage(promptTokens, 0)));
        } else {
            ticket.release();
        }
    }

    @Override
    public void run() {
        GenerationEvent terminal;
        try {
            terminal = cancelled.get() ? completed(FinishReason.CANCELLED) : generate();
        } catch (RuntimeException e) {
            terminal = cancelled.get() ? completed(FinishReason.CANCELLED) : new GenerationEvent.Failed(
                    new HyperlocalException(ErrorCode.ENGINE_FAILED, "llama.cpp failed while generating request "
                            + requestId + " after " + completionTokens + " tokens: " + e.getMessage(), "", e),
                    usage());
        } finally {
            ticket.release();
        }
        // A cancel that raced with the last token still ends as cancelled, as Generation promises.
        end(cancelled.get() && terminal instanceof GenerationEvent.Completed ? completed(FinishReason.CANCELLED)
                : terminal);
    }

    private GenerationEvent generate() {
        LlamaIterator results = model.generate(parameters).iterator();
        int heldBack = 0;
        while (results.hasNext()) {
            LlamaOutput output = results.next();
            // The final result has no text in stream mode and stands for no token; hasNext() is how
            // the library tells it apart (its stop flag is not public).
            boolean last = !results.hasNext();
            if (cancelled.get()) {
                if (!last) {
                    results.cancel();
                }
                return completed(FinishReason.CANCELLED);
            }
            if (last) {
                break;
            }
            completionTokens++;
            heldBack++;
            rate.record(1);
            if (!output.text.isEmpty()) {
                listener.onEvent(new GenerationEvent.Token(output.text, heldBack));
                heldBack = 0;
            }
        }
        return completed(completionTokens >= completionBudget ? FinishReason.LENGTH : FinishReason.STOP);
    }

    private GenerationEvent.Completed completed(FinishReason reason) {
        return new GenerationEvent.Completed(reason, usage());
    }

    private TokenUsage usage() {
        return new TokenUsage(promptTokens, completionTokens);
    }

    private void startOnWorker() {
        try {
            workers.execute(this);
        } catch (RejectedExecutionException e) {
            // The engine closed between admission and start.
            cancelled.set(true);
            ticket.release();
            end(completed(FinishReason.CANCELLED));
        }
    }

    private void endOffWorker(GenerationEvent terminal) {
        try {
            workers.execute(() -> end(terminal));
        } catch (RejectedExecutionException e) {
            // The engine is closing and its workers are gone; the caller's thread is the only one left.
            end(terminal);
        }
    }

    private void end(GenerationEvent terminal) {
        onEnd.accept(this);
        listener.onEvent(terminal);
    }
}
