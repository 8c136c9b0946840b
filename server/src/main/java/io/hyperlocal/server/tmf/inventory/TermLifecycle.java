package io.hyperlocal.server.tmf.inventory;

import io.hyperlocal.server.tmf.common.TmfClock;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Ends promotional terms on time: every minute (and on demand with {@link #runAt}) each product
 * whose term has ended moves to its post-term price or terminates, as its offering says. Each
 * product is handled in its own transaction under a row lock, so replicas running the job at once
 * apply an end once.
 */
@ApplicationScoped
public class TermLifecycle {
    private static final Logger LOG = Logger.getLogger(TermLifecycle.class);

    private final TmfStore store;
    private final TmfClock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hyperlocal-term-lifecycle");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public TermLifecycle(TmfStore store, TmfClock clock) {
        this.store = store;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runAt(clock.now());
            } catch (RuntimeException e) {
                LOG.error("The term lifecycle job failed; it runs again in a minute", e);
            }
        }, 5, 60, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }

    /** A start that fails after polling began fires no ShutdownEvent; the container still destroys its beans. */
    @PreDestroy
    void destroy() {
        scheduler.shutdownNow();
    }

    /** Applies every term end due at or before {@code now}; returns how many products changed. */
    public int runAt(Instant now) {
        int changed = 0;
        for (String id : store.inTransaction(tx -> tx.due(Products.KIND, now))) {
            boolean applied = store.inTransaction(tx -> tx.find(Products.KIND, id, true)
                    .map(row -> Products.applyTermEnd(tx, row, now)).orElse(false));
            if (applied) {
                changed++;
                LOG.infof("Product %s reached the end of its term", id);
            }
        }
        return changed;
    }
}
