package io.hyperlocal.server.models;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the body of one download attempt into the {@code .part} file's channel: appending after a
 * {@code 206 Partial Content}, from zero after a {@code 200} (a server that ignored the range). Any
 * other status leaves the file alone. Runs on the HTTP client's threads; the downloader polls
 * {@link #bytesOnDisk()} and {@link #idleNanos()} from its own.
 */
final class PartFileWriter implements HttpResponse.BodyHandler<Long> {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final FileChannel channel;
    private final long existingBytes;
    private volatile long startBytes = -1;
    private volatile long totalBytes = DownloadEvent.UNKNOWN_TOTAL;
    private volatile long bodyBytes;
    private volatile long lastActivityNanos = System.nanoTime();
    private Flow.Subscription subscription;
    private boolean aborted;

    PartFileWriter(FileChannel channel, long existingBytes) {
        this.channel = channel;
        this.existingBytes = existingBytes;
    }

    @Override
    public HttpResponse.BodySubscriber<Long> apply(HttpResponse.ResponseInfo info) {
        lastActivityNanos = System.nanoTime();
        try {
            switch (info.statusCode()) {
                case 206 -> {
                    Matcher range = contentRange(info.headers()).orElseThrow(
                            () -> new IOException("206 response without a Content-Range header"));
                    long start = Long.parseLong(range.group(1));
                    if (start > existingBytes) {
                        throw new IOException("server resumed at byte " + start + ", after the " + existingBytes
                                + " bytes on disk");
                    }
                    // A server may resume earlier than asked; rewriting the overlap is harmless.
                    String total = range.group(3);
                    begin(start, "*".equals(total) ? DownloadEvent.UNKNOWN_TOTAL : Long.parseLong(total));
                }
                case 200 -> begin(0, info.headers().firstValueAsLong("Content-Length")
                        .orElse(DownloadEvent.UNKNOWN_TOTAL));
                default -> {
                    return HttpResponse.BodySubscribers.replacing(-1L);
                }
            }
        } catch (IOException e) {
            return new FailingSubscriber(e);
        }
        return new FileSubscriber();
    }

    private static Optional<Matcher> contentRange(HttpHeaders headers) {
        return headers.firstValue("Content-Range").map(CONTENT_RANGE::matcher).filter(Matcher::matches);
    }

    private synchronized void begin(long start, long total) throws IOException {
        if (aborted) {
            throw new IOException("download attempt abandoned");
        }
        channel.truncate(start);
        channel.position(start);
        totalBytes = total;
        startBytes = start;
    }

    /** Whether the response headers have arrived and the body is being written. */
    boolean started() {
        return startBytes >= 0;
    }

    /** Where in the file this response's body begins; meaningful once {@link #started()}. */
    long startBytes() {
        return startBytes;
    }

    long totalBytes() {
        return totalBytes;
    }

    long bytesOnDisk() {
        return started() ? startBytes + bodyBytes : existingBytes;
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** Stops writing: once this returns, no further byte of this attempt reaches the file. */
    synchronized void abort() {
        aborted = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private final class FileSubscriber implements HttpResponse.BodySubscriber<Long> {
        private final CompletableFuture<Long> body = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription newSubscription) {
            synchronized (PartFileWriter.this) {
                subscription = newSubscription;
                if (aborted) {
                    newSubscription.cancel();
                    return;
                }
            }
            newSubscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (PartFileWriter.this) {
                if (aborted) {
                    return;
                }
                try {
                    for (ByteBuffer buffer : buffers) {
                        while (buffer.hasRemaining()) {
                            bodyBytes += channel.write(buffer);
                        }
                    }
                } catch (IOException e) {
                    subscription.cancel();
                    body.completeExceptionally(e);
                    return;
                }
                lastActivityNanos = System.nanoTime();
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytesOnDisk());
        }

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }
    }

    /** Rejects the body of a response whose headers already showed it cannot be used. */
    private record FailingSubscriber(CompletableFuture<Long> body) implements HttpResponse.BodySubscriber<Long> {
        FailingSubscriber(IOException error) {
            this(CompletableFuture.failedFuture(error));
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {}

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }
    }
}
