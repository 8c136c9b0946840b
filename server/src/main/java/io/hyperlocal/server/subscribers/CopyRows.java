package io.hyperlocal.server.subscribers;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows to a PostgreSQL {@code COPY ... from stdin} in its text format (tab-separated,
 * {@code \N} for null, backslash escapes), in chunks of about {@value #CHUNK} characters so that
 * memory stays flat however long the file.
 */
final class CopyRows {
    private static final int CHUNK = 1 << 18;

    private final CopyIn copy;
    private final StringBuilder pending = new StringBuilder(CHUNK + 4096);
    private boolean firstInRow = true;

    CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    CopyRows value(long value) {
        separate();
        pending.append(value);
        return this;
    }

    CopyRows nullValue() {
        separate();
        pending.append("\\N");
        return this;
    }

    CopyRows value(String value) {
        separate();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> pending.append("\\\\");
                case '\t' -> pending.append("\\t");
                case '\n' -> pending.append("\\n");
                case '\r' -> pending.append("\\r");
                default -> pending.append(c);
            }
        }
        return this;
    }

    void endRow() throws SQLException {
        pending.append('\n');
        firstInRow = true;
        if (pending.length() >= CHUNK) {
            flush();
        }
    }

    /** Sends what is pending and ends the COPY; returns the rows PostgreSQL took. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    /** Abandons the COPY, when the import fails before its end. */
    void cancel() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the transaction is rolled back next, which discards whatever was copied
        }
    }

    private void separate() {
        if (!firstInRow) {
            pending.append('\t');
        }
        firstInRow = false;
    }

    private void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        pending.setLength(0);
    }
}
