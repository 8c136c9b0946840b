package io.hyperlocal.server.quota;

import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The entitlement source until the product inventory provides one: no subscriber has an active
 * subscription, so a key that acts for a subscriber is refused with {@code no_active_subscription}.
 * Any other {@link EntitlementSource} bean replaces it.
 */
@DefaultBean
@ApplicationScoped
public class NoEntitlements implements EntitlementSource {
    @Override
    public List<Entitlement> active(String subscriberId) {
        return List.of();
    }
}
