package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.SlotQueue;
import io.hyperlocal.engines.TokenRate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated generation: a word per scheduler step, through a {@link StopSequenceFilter}. Steps
 * and cancellation serialise on this object, so no word follows the terminal event.
 */
final class SimulatedGeneration implements Generation {
    private final SimulatedText text;
    private final StopSequenceFilter filter;
    private final int promptTokens;
    private final int budget;
    private final GenerationListener listener;
    private final ScheduledExecutorService scheduler;
    private final Duration timeToFirstToken;
    private final Duration perTokenDelay;
    private final TokenRate rate;
    private final Consumer<SimulatedGeneration> onEnd;
    private final SlotQueue.Ticket ticket;
    private boolean finished;
    private Future<?> next;
    private int completionTokens;
    private int heldBack;

    SimulatedGeneration(long seed, List<String> stops, int promptTokens, int budget, GenerationListener listener,
            ScheduledExecutorService scheduler, SimulatedEngineSettings settings, TokenRate rate, SlotQueue slots,
            Consumer<SimulatedGeneration> onEnd) {
        this.text = new SimulatedText(seed);
        this.filter = new StopSequenceFilter(stops);
        this.promptTokens = promptTokens;
        this.budget = budget;
        this.listener = listener;
        this.scheduler = scheduler;
        this.timeToFirstToken = settings.timeToFirstToken();
        this.perTokenDelay = settings.perTokenDelay();
        this.rate = rate;
        this.onEnd = onEnd;
        this.ticket = slots.ticket(this::start);
    }

    void admit() {
        ticket.admit();
    }

    @Override
    public void cancel() {
        GenerationEvent terminal;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (next != null) {
                next.cancel(false);
            }
            terminal = new GenerationEvent.Completed(FinishReason.CANCELLED, usage());
        }
        if (!ticket.withdraw()) {
            ticket.release();
        }
        try {
            scheduler.execute(() -> end(terminal));
        } catch (RejectedExecutionException e) {
            // The scheduler is shut down; the caller's thread is the only one left to tell the listener.
            end(terminal);
        }
    }

    private synchronized void start() {
        schedule(timeToFirstToken);
    }

    private synchronized void step() {
        if (finished) {
            return;
        }
        String word = text.next();
        completionTokens++;
        heldBack++;
        rate.record(1);
        StopSequenceFilter.Step step = filter.offer(word);
        if (!step.text().isEmpty()) {
            listener.onEvent(new GenerationEvent.Token(step.text(), heldBack));
            heldBack = 0;
        }
        if (step.stopped() || !text.hasNext()) {
            finish(FinishReason.STOP);
        } else if (completionTokens >= budget) {
            finish(FinishReason.LENGTH);
        } else {
            schedule(perTokenDelay);
        }
    }

    private void schedule(Duration delay) {
        if (finished) {
            return;
        }
        try {
            next = scheduler.schedule(this::step, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            finish(FinishReason.CANCELLED);
        }
    }

    private void finish(FinishReason reason) {
        finished = true;
        ticket.release();
        end(new GenerationEvent.Completed(reason, usage()));
    }

    private TokenUsage usage() {
        return new TokenUsage(promptTokens, completionTokens);
    }

    private void end(GenerationEvent terminal) {
        onEnd.accept(this);
        listener.onEvent(terminal);
    }
}
