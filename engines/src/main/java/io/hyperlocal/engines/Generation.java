package io.hyperlocal.engines;

/** A running generation. */
public interface Generation {

    /**
     * Stops the generation and frees its slot. Idempotent; the listener still gets one terminal
     * event, {@link GenerationEvent.Completed} with {@link io.hyperlocal.core.FinishReason#CANCELLED}.
     */
    void cancel();
}
