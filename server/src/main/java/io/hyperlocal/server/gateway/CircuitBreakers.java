package io.hyperlocal.server.gateway;

import io.hyperlocal.server.config.HyperlocalConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One circuit breaker per site. After {@code failures} failed requests in a row (connection errors,
 * 5xx, engine crashes; not 429, which is a full queue, not a broken site) the site is skipped for
 * {@code cooldown}; then one request may try it (half-open): success closes the breaker, failure
 * opens it again. This keeps a sick site from costing every request a failed first attempt.
 */
@Singleton
public class CircuitBreakers {
    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    private final int failures;
    private final long cooldownNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Breaker> breakers = new ConcurrentHashMap<>();

    @Inject
    public CircuitBreakers(HyperlocalConfig config) {
        this(config.gateway().breakerFailures(), config.gateway().breakerCooldown(), System::nanoTime);
    }

    CircuitBreakers(int failures, Duration cooldown, LongSupplier nanoTime) {
        if (failures < 1) {
            throw new IllegalArgumentException("breaker failures must be at least 1: " + failures);
        }
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("breaker cooldown must be positive: " + cooldown);
        }
        this.failures = failures;
        this.cooldownNanos = cooldown.toNanos();
        this.nanoTime = nanoTime;
    }

    private static final class Breaker {
        int consecutiveFailures;
        long openUntil;
        boolean trialInFlight;
    }

    /** Whether a request may go to {@code siteId} now; in the half-open state only one may. */
    public boolean allow(String siteId) {
        Breaker breaker = breakers.get(siteId);
        if (breaker == null) {
            return true;
        }
        synchronized (breaker) {
            if (breaker.consecutiveFailures < failures) {
                return true;
            }
            if (nanoTime.getAsLong() < breaker.openUntil || breaker.trialInFlight) {
                return false;
            }
            breaker.trialInFlight = true;
            return true;
        }
    }

    public void success(String siteId) {
        Breaker breaker = breakers.get(siteId);
        if (breaker != null) {
            synchronized (breaker) {
                if (breaker.consecutiveFailures >= failures) {
                    LOG.infof("Site %s answers again: its circuit breaker is closed", siteId);
                }
                breaker.consecutiveFailures = 0;
                breaker.trialInFlight = false;
            }
        }
    }

    public void failure(String siteId) {
        Breaker breaker = breakers.computeIfAbsent(siteId, id -> new Breaker());
        synchronized (breaker) {
            breaker.consecutiveFailures++;
            breaker.trialInFlight = false;
            if (breaker.consecutiveFailures >= failures) {
                breaker.openUntil = nanoTime.getAsLong() + cooldownNanos;
                LOG.warnf("Site %s failed %d requests in a row: skipped for %d ms (circuit breaker open)", siteId,
                        breaker.consecutiveFailures, cooldownNanos / 1_000_000);
            }
        }
    }
}
