package io.hyperlocal.server.database;

/**
 * Thrown, before anything changes, by code that is about to wait for the database while it runs
 * inside {@link #attempt}. The gateway serves a request on the event loop that received it as long
 * as everything it needs is in memory (a known key, loaded entitlements, allowance in the local
 * lease), and hands it to a worker thread when this is thrown: one thread hand-off fewer for nearly
 * every request, without ever blocking a loop. Outside an attempt, {@link #check()} does nothing.
 */
public final class WouldBlock extends RuntimeException {
    private static final WouldBlock INSTANCE = new WouldBlock();
    private static final ThreadLocal<Boolean> ATTEMPTING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private WouldBlock() {
        // A control-flow signal: no stack trace to fill in, one shared instance.
        super("a database call during an attempt to serve without blocking", null, false, false);
    }

    /**
     * Runs {@code work}, which must not wait for the database: where it would, {@link #check()} throws
     * this, and {@code work} must not have changed anything before it does.
     */
    public static void attempt(Runnable work) {
        ATTEMPTING.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            ATTEMPTING.set(Boolean.FALSE);
        }
    }

    /** Throws inside an {@link #attempt}; call it before any state changes, right before the database call. */
    public static void check() {
        if (ATTEMPTING.get()) {
            throw INSTANCE;
        }
    }
}
