package io.hyperlocal.server.models;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code GET} of a file into its part file, resuming with {@code Range: bytes=<on disk>-}.
 * Throws {@link IOException} for anything worth another attempt (a dropped connection, a stall, a
 * 5xx) and {@link ModelException} for what another attempt cannot fix (404, 403).
 */
final class DownloadAttempt {
    /** How often progress is reported and the stall clock checked. */
    private static final long POLL_MILLIS = 100;

    private final HttpClient client;
    private final DownloadSettings settings;
    private final DownloadSource source;
    private final FileChannel channel;
    private final long expectedSize;
    private final ProgressListener listener;

    DownloadAttempt(HttpClient client, DownloadSettings settings, DownloadSource source, FileChannel channel,
            long expectedSize, ProgressListener listener) {
        this.client = client;
        this.settings = settings;
        this.source = source;
        this.channel = channel;
        this.expectedSize = expectedSize;
        this.listener = listener;
    }

    void run() throws IOException, InterruptedException {
        long existing = channel.size();
        if (expectedSize != CatalogEntry.UNKNOWN_SIZE && existing > expectedSize) {
            channel.truncate(0); // longer than the file can be: not a prefix of it
            existing = 0;
        }
        if (expectedSize != CatalogEntry.UNKNOWN_SIZE && existing == expectedSize) {
            return; // complete from an earlier run; the sha256 decides whether it is good
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(source.url())
                .GET()
                .timeout(settings.stallTimeout())
                .header("User-Agent", "hyperlocal");
        if (existing > 0) {
            request.header("Range", "bytes=" + existing + "-");
        }
        PartFileWriter writer = new PartFileWriter(channel, existing);
        CompletableFuture<HttpResponse<Long>> pending = client.sendAsync(request.build(), writer);
        try {
            finish(await(pending, writer), writer, existing);
        } finally {
            // Whatever happened, no byte of this attempt may land after the next one has started.
            writer.abort();
            pending.cancel(true);
        }
    }

    private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> pending, PartFileWriter writer)
            throws IOException, InterruptedException {
        Reporter reporter = new Reporter();
        long stallNanos = settings.stallTimeout().toNanos();
        while (true) {
            try {
                HttpResponse<Long> response = pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                reporter.report(writer);
                return response;
            } catch (TimeoutException stillRunning) {
                reporter.report(writer);
                if (writer.idleNanos() > stallNanos) {
                    throw new IOException("no data for " + settings.stallTimeout().toSeconds() + " s after "
                            + writer.bytesOnDisk() + " bytes");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw new IOException(describe(io) + " after " + writer.bytesOnDisk() + " bytes", io);
                }
                throw new IOException(String.valueOf(cause), cause);
            }
        }
    }

    private void finish(HttpResponse<Long> response, PartFileWriter writer, long existing) throws IOException {
        int status = response.statusCode();
        if (status == 200 || status == 206) {
            long total = writer.totalBytes() != DownloadEvent.UNKNOWN_TOTAL ? writer.totalBytes() : expectedSize;
            if (total != DownloadEvent.UNKNOWN_TOTAL && writer.bytesOnDisk() < total) {
                throw new IOException("connection closed after " + writer.bytesOnDisk() + " of " + total + " bytes");
            }
            return;
        }
        if (status == 416) {
            // Nothing left after our offset: complete if the server's size is what we hold.
            long total = response.headers().firstValue("Content-Range")
                    .filter(value -> value.startsWith("bytes */"))
                    .map(value -> value.substring("bytes */".length()).strip())
                    .filter(value -> value.matches("\\d{1,18}"))
                    .map(Long::parseLong)
                    .orElse(expectedSize);
            if (total == existing) {
                return;
            }
            channel.truncate(0);
            throw new IOException("the server cannot resume at byte " + existing + " (HTTP 416); starting again");
        }
        if (status == 429 || status >= 500) {
            throw new IOException("HTTP " + status + " from " + response.uri().getHost());
        }
        throw RemoteMetadata.failure(source.url(), response.uri(), status);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Turns the writer's counters into events, on the caller's thread. */
    private final class Reporter {
        private boolean announced;
        private long reported = -1;

        void report(PartFileWriter writer) {
            if (!writer.started()) {
                return;
            }
            long total = writer.totalBytes() != DownloadEvent.UNKNOWN_TOTAL ? writer.totalBytes() : expectedSize;
            if (!announced) {
                listener.onEvent(
                        new DownloadEvent.Started(source.fileName(), source.url(), writer.startBytes(), total));
                announced = true;
            }
            long done = writer.bytesOnDisk();
            if (done != reported) {
                listener.onEvent(new DownloadEvent.Progress(done, total));
                reported = done;
            }
        }
    }
}
