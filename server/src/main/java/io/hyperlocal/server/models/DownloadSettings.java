package io.hyperlocal.server.models;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient a {@link ModelDownloader} is.
 *
 * @param connectTimeout longest wait to open a connection
 * @param stallTimeout longest wait for response headers, and longest time without a single byte
 *     of the body before the attempt is abandoned and resumed
 * @param maxAttempts attempts per pull, each resuming where the last one stopped; at least 1
 * @param retryDelay pause before the second attempt; each later attempt waits that much longer
 */
public record DownloadSettings(Duration connectTimeout, Duration stallTimeout, int maxAttempts, Duration retryDelay) {
    /** 10 s to connect, 60 s without data, 3 attempts, 2 s and then 4 s between them. */
    public static final DownloadSettings DEFAULTS =
            new DownloadSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 3, Duration.ofSeconds(2));

    public DownloadSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(stallTimeout, "stallTimeout is null");
        Objects.requireNonNull(retryDelay, "retryDelay is null");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative: " + retryDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }
}
