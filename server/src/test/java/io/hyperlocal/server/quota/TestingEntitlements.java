package io.hyperlocal.server.quota;

import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entitlements that a test sets per subscriber, a real source with real data until the product
 * inventory provides one. Plain tests create their own; tests of the running platform use
 * {@link TestingEntitlementsDecorator#SET_BY_TESTS}.
 */
public class TestingEntitlements implements EntitlementSource {
    private final Map<String, List<Entitlement>> bySubscriber = new ConcurrentHashMap<>();

    public void set(String subscriberId, List<Entitlement> entitlements) {
        bySubscriber.put(subscriberId, List.copyOf(entitlements));
    }

    public boolean knows(String subscriberId) {
        return bySubscriber.containsKey(subscriberId);
    }

    @Override
    public List<Entitlement> active(String subscriberId) {
        return bySubscriber.getOrDefault(subscriberId, List.of());
    }

    /** An entitlement to every model with only an allowance per calendar month. */
    static Entitlement allowance(String subscriptionId, long tokens) {
        return new Entitlement(subscriptionId, "offer-" + subscriptionId, Set.of(Entitlement.ALL_MODELS), tokens,
                AllowancePeriod.CALENDAR_MONTH, 0, Entitlement.UNLIMITED, Entitlement.UNLIMITED,
                Entitlement.UNLIMITED, List.of());
    }
}
