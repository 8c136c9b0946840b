package io.hyperlocal.server.federation;

import io.hyperlocal.server.access.ApiKeyStore;
import io.hyperlocal.server.access.DemoKey;
import io.hyperlocal.server.access.KeyScope;
import io.hyperlocal.server.access.PartyDirectory;
import io.hyperlocal.server.entitlement.EntitlementSource;
import io.hyperlocal.server.subscribers.PartnerApp;
import io.hyperlocal.server.subscribers.PartnerAppStore;
import io.hyperlocal.server.subscribers.Subscriber;
import io.hyperlocal.server.subscribers.SubscriberStore;
import io.hyperlocal.server.tmf.DemoCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The demo operator's customers, so that {@code ./hyperlocal up} shows the whole chain: subscriber
 * {@code demo} (France) holds the bundle "5G + AI assistant Pro" and the demo key; subscriber
 * {@code demo-de} (Germany) holds "AI assistant Basic"; the partner app {@code chat-app} may call for
 * {@code demo}. Created once, in the database like any other party: a restart keeps them and
 * whatever the operator changed since.
 */
@ApplicationScoped
public class DemoParties {
    public static final String SUBSCRIBER = "demo";
    public static final String GERMAN_SUBSCRIBER = "demo-de";
    public static final String PARTNER_APP = "chat-app";
    /** Keys of the other demo parties, one file each, named after the party. */
    public static final String KEYS_DIRECTORY = "demo-keys";
    private static final Logger LOG = Logger.getLogger(DemoParties.class);

    private final SubscriberStore subscribers;
    private final PartnerAppStore partnerApps;
    private final PartyDirectory directory;
    private final DemoCatalog catalog;
    private final EntitlementSource entitlements;
    private final ApiKeyStore keys;

    @Inject
    public DemoParties(SubscriberStore subscribers, PartnerAppStore partnerApps, PartyDirectory directory,
            DemoCatalog catalog, EntitlementSource entitlements, ApiKeyStore keys) {
        this.subscribers = subscribers;
        this.partnerApps = partnerApps;
        this.directory = directory;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.keys = keys;
    }

    /**
     * Creates what is missing of the demo parties and their subscriptions, and returns the demo
     * key (the subscriber {@code demo}'s) with the keys of the others, by party.
     */
    public Keys ensure(Path dataDir) {
        Clock clock = Clock.systemUTC();
        boolean created = false;
        if (subscribers.find(SUBSCRIBER).isEmpty()) {
            subscribers.insert(Subscriber.of(SUBSCRIBER, "+33600000001", "FR", 1990, "BA-DEMO-FR", clock));
            catalog.orderBundle(SUBSCRIBER);
            created = true;
        }
        if (subscribers.find(GERMAN_SUBSCRIBER).isEmpty()) {
            subscribers.insert(Subscriber.of(GERMAN_SUBSCRIBER, "+4915100000002", "DE", 1985, "BA-DEMO-DE", clock));
            catalog.order(GERMAN_SUBSCRIBER, DemoCatalog.AI_BASIC_OFFERING);
            created = true;
        }
        if (partnerApps.find(PARTNER_APP).isEmpty()) {
            partnerApps.insert(new PartnerApp(PARTNER_APP, "Chat app of a partner AI vendor"));
            directory.link(PARTNER_APP, SUBSCRIBER);
            created = true;
        }
        if (created) {
            LOG.infof("Created the demo parties: subscriber %s (5G + AI assistant Pro), subscriber %s (AI assistant "
                    + "Basic), partner app %s acting for %s", SUBSCRIBER, GERMAN_SUBSCRIBER, PARTNER_APP, SUBSCRIBER);
        }
        String demoKey = DemoKey.ensure(keys, dataDir.resolve(DemoKey.FILE_NAME), "demo",
                new KeyScope.Subscriber(SUBSCRIBER), "demo key of subscriber demo, created by ./hyperlocal up");
        Map<String, String> others = new LinkedHashMap<>();
        others.put(GERMAN_SUBSCRIBER, DemoKey.ensure(keys, dataDir.resolve(KEYS_DIRECTORY).resolve(GERMAN_SUBSCRIBER),
                GERMAN_SUBSCRIBER, new KeyScope.Subscriber(GERMAN_SUBSCRIBER),
                "demo key of subscriber demo-de, created by ./hyperlocal up"));
        others.put(PARTNER_APP, DemoKey.ensure(keys, dataDir.resolve(KEYS_DIRECTORY).resolve(PARTNER_APP),
                PARTNER_APP, new KeyScope.PartnerApp(PARTNER_APP),
                "demo key of partner app chat-app, created by ./hyperlocal up"));
        return new Keys(demoKey, Map.copyOf(others));
    }

    /** Whether the demo subscriber has an active subscription right now (for the banner). */
    public boolean subscribed() {
        return !entitlements.active(SUBSCRIBER).isEmpty();
    }

    /** The demo key and the keys of the other demo parties. */
    public record Keys(String demoKey, Map<String, String> others) {}
}
