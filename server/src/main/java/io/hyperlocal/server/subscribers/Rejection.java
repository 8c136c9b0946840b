package io.hyperlocal.server.subscribers;

import java.util.Objects;

/**
 * A row the import refused.
 *
 * @param line the line of the file the row starts on (the header is line 1)
 * @param reason why, naming the field, for example {@code country 'XX' is not an ISO 3166-1 alpha-2 country code ...}
 * @param row the row as it stands in the file
 */
public record Rejection(long line, String reason, String row) {
    public Rejection {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(row, "row is null");
    }
}
