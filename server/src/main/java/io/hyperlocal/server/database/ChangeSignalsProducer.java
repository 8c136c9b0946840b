package io.hyperlocal.server.database;

import io.hyperlocal.server.config.HyperlocalConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The replica's one {@link ChangeSignals} listener, from its first user to shutdown. */
@ApplicationScoped
public class ChangeSignalsProducer {
    private volatile ChangeSignals produced;

    @Produces
    @Singleton
    ChangeSignals signals(DataSource dataSource, HyperlocalConfig config) {
        produced = config.db().changeSignals() ? ChangeSignals.start(dataSource) : ChangeSignals.none();
        return produced;
    }

    /** Stopped before the connection pool closes under it, which would read as a lost connection. */
    void onStop(@Observes ShutdownEvent event) {
        ChangeSignals signals = produced;
        if (signals != null) {
            signals.close();
        }
    }

    void close(@Disposes ChangeSignals signals) {
        signals.close();
    }
}
