package io.hyperlocal.engines;

/** Receives the events of one generation, on an engine thread. Must not block. */
@FunctionalInterface
public interface GenerationListener {
    void onEvent(GenerationEvent event);
}
