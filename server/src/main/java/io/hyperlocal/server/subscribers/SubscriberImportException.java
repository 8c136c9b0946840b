package io.hyperlocal.server.subscribers;

/**
 * The import could not run at all: the file is unreadable, empty or lacks a required column, or the
 * database refused it. Nothing was changed in the database; the message says what to do.
 */
public final class SubscriberImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubscriberImportException(String message) {
        super(message);
    }

    public SubscriberImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
