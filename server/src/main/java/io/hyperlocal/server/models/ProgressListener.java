package io.hyperlocal.server.models;

/**
 * Receives a {@link ModelDownloader}'s events. Events arrive on the thread that called
 * {@link ModelDownloader#pull}, one at a time, so an implementation needs no locking.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every event. */
    ProgressListener NONE = event -> {};

    void onEvent(DownloadEvent event);
}
