package io.hyperlocal.server.database;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;

/**
 * The embedded PostgreSQL could not be installed, started or stopped. The message says which data
 * directory and port, what was waited for, the last lines of the server log where there is one, and
 * what to do next.
 */
public final class EmbeddedPostgresException extends HyperlocalException {
    private static final long serialVersionUID = 1L;

    public EmbeddedPostgresException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, "", cause);
    }
}
