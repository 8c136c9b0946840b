package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated generation as its listener sees it: the words its sequence will generate, written
 * through a {@link StopSequenceFilter} as the scheduler emits tokens. Methods serialise on this
 * object, and {@code finished} is set before a terminal event leaves, so no event follows it.
 */
final class SimulatedGeneration implements Generation {
    private final long sequence;
    private final List<String> words;
    private final FinishReason lastWordReason;
    private final StopSequenceFilter filter;
    private final int promptTokens;
    private final GenerationListener listener;
    private final Consumer<SimulatedGeneration> canceller;
    private final long arrivalNanos;
    private long lastTokenNanos;
    private boolean finished;
    private String outcome = "";
    private int completionTokens;
    private int heldBack;

    /**
     * @param words the tokens the sequence generates, in order
     * @param lastWordReason why it ends after the last word, barring a stop sequence
     * @param canceller takes the sequence out of the engine when the caller cancels
     * @param arrivalNanos when the request came, on the engine's monotonic clock
     */
    SimulatedGeneration(long sequence, List<String> words, FinishReason lastWordReason, List<String> stops,
            int promptTokens, GenerationListener listener, Consumer<SimulatedGeneration> canceller,
            long arrivalNanos) {
        this.sequence = sequence;
        this.words = List.copyOf(words);
        this.lastWordReason = lastWordReason;
        this.filter = new StopSequenceFilter(stops);
        this.promptTokens = promptTokens;
        this.listener = listener;
        this.canceller = canceller;
        this.arrivalNanos = arrivalNanos;
        this.lastTokenNanos = arrivalNanos;
    }

    long arrivalNanos() {
        return arrivalNanos;
    }

    /** Records a token at {@code now}; returns the time since the previous one, or since arrival for the first. */
    synchronized long tokenAt(long now) {
        long since = now - lastTokenNanos;
        lastTokenNanos = now;
        return since;
    }

    long sequence() {
        return sequence;
    }

    @Override
    public void cancel() {
        canceller.accept(this);
    }

    /**
     * The sequence generated its {@code generated}-th token; sends the text the filter lets through.
     *
     * @return false when the generation has ended (a stop sequence matched, or it was the last word)
     */
    synchronized boolean token(int generated) {
        if (finished) {
            return false;
        }
        completionTokens = generated;
        heldBack++;
        StopSequenceFilter.Step step = filter.offer(words.get(generated - 1));
        if (!step.text().isEmpty()) {
            listener.onEvent(new GenerationEvent.Token(step.text(), heldBack));
            heldBack = 0;
        }
        if (step.stopped()) {
            end(new GenerationEvent.Completed(FinishReason.STOP, usage()));
            return false;
        }
        if (generated == words.size()) {
            end(new GenerationEvent.Completed(lastWordReason, usage()));
            return false;
        }
        return true;
    }

    /** Ends with {@code CANCELLED}; false if it had already ended. */
    synchronized boolean cancelled() {
        return end(new GenerationEvent.Completed(FinishReason.CANCELLED, usage()));
    }

    /** Ends with a failure; false if it had already ended. */
    synchronized boolean failed(HyperlocalException error) {
        return end(new GenerationEvent.Failed(error, usage()));
    }

    /**
     * How it ended, as vLLM's {@code finished_reason} label says: {@code stop}, {@code length},
     * {@code abort} (cancelled) or {@code error} (failed); empty while it runs.
     */
    synchronized String outcome() {
        return outcome;
    }

    synchronized int completionTokens() {
        return completionTokens;
    }

    private TokenUsage usage() {
        return new TokenUsage(promptTokens, completionTokens);
    }

    private boolean end(GenerationEvent terminal) {
        if (finished) {
            return false;
        }
        finished = true;
        outcome = switch (terminal) {
            case GenerationEvent.Completed completed -> switch (completed.finishReason()) {
                case STOP -> "stop";
                case LENGTH -> "length";
                case CANCELLED -> "abort";
            };
            case GenerationEvent.Failed failed -> "error";
            case GenerationEvent.Token token -> throw new IllegalArgumentException("not a terminal event: " + token);
        };
        listener.onEvent(terminal);
        return true;
    }
}
