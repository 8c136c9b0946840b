package io.hyperlocal.server.quota;

import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.List;

/**
 * In tests of the running platform, answers for the subscribers a test set in
 * {@link #SET_BY_TESTS} and asks the platform's own source for every other one. A decorator rather
 * than an alternative bean: whichever source the platform has (today none, later the product
 * inventory) stays in force for the other tests, and no test profile (an application restart,
 * which the llama.cpp native library does not survive) is needed.
 */
@Decorator
@Priority(10)
public class TestingEntitlementsDecorator implements EntitlementSource {
    /** Entitlements set by tests, per subscriber. */
    public static final TestingEntitlements SET_BY_TESTS = new TestingEntitlements();

    @Inject
    @Delegate
    EntitlementSource platform;

    @Override
    public List<Entitlement> active(String subscriberId) {
        return SET_BY_TESTS.knows(subscriberId) ? SET_BY_TESTS.active(subscriberId) : platform.active(subscriberId);
    }
}
