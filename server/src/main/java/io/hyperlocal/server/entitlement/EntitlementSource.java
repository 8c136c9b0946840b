package io.hyperlocal.server.entitlement;

import java.util.List;

/**
 * The entitlements of a subscriber's active subscriptions. Implementations answer from memory (the
 * gateway asks on every request) and see a change made on any replica within a second.
 */
public interface EntitlementSource {

    /** The entitlements of every active subscription of {@code subscriberId}, empty when none. */
    List<Entitlement> active(String subscriberId);
}
