package io.hyperlocal.server.subscribers;

/**
 * The import could not run at all: the file is unreadable, empty or lacks a required column, or the
 * database refused it; nothing was changed in the database then. Or, rarely, the import committed but
 * its rejected file could not be written. The message says which, and what to do.
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
