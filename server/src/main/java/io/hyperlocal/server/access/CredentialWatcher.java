package io.hyperlocal.server.access;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.hyperlocal.server.database.ChangeSignals;
import javax.sql.DataSource;

/** Runs this replica's {@link ChangeFeed} for the key store and the party directory, from start to shutdown. */
@ApplicationScoped
public class CredentialWatcher {
    private final DataSource dataSource;
    private final ApiKeyStore keys;
    private final PartyDirectory parties;
    private final ChangeSignals signals;
    private ChangeFeed feed;

    @Inject
    public CredentialWatcher(DataSource dataSource, ApiKeyStore keys, PartyDirectory parties, ChangeSignals signals) {
        this.dataSource = dataSource;
        this.signals = signals;
        this.keys = keys;
        this.parties = parties;
    }

    void onStart(@Observes StartupEvent event) {
        feed = ChangeFeed.start(dataSource, ChangeFeed.DEFAULT_INTERVAL, signals, new ChangeFeed.Listener() {
            @Override
            public void changed(Change change) {
                keys.changed(change);
                parties.changed(change);
            }

            @Override
            public void reset() {
                keys.reset();
                parties.reset();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (feed != null) {
            feed.close();
        }
    }
}
