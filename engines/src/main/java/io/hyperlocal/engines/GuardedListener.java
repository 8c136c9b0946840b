package io.hyperlocal.engines;

import java.util.Objects;

/**
 * Passes events on and keeps a listener's own failure out of the engine: an exception thrown by the
 * listener is logged, never propagated, so a faulty listener cannot kill an engine thread or skip
 * the release of a slot.
 */
public final class GuardedListener implements GenerationListener {
    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

    private final String requestId;
    private final GenerationListener delegate;

    public GuardedListener(String requestId, GenerationListener delegate) {
        this.requestId = Objects.requireNonNull(requestId, "requestId is null");
        this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    }

    @Override
    public void onEvent(GenerationEvent event) {
        try {
            delegate.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Listener of request " + requestId + " failed on "
                    + event.getClass().getSimpleName() + "; the engine goes on", e);
        }
    }
}
