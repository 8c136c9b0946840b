package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.Site;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One (site, engine) pair as routing sees it: where it is, which jurisdictions it belongs to, what it
 * serves and how it is doing now.
 *
 * @param site the site: id, country, coordinates and jurisdiction tags
 * @param engineId the engine, unique within its site
 * @param models model ids the engine serves
 * @param maxConcurrency most sequences the engine runs at once, at least 1
 * @param health the engine's health; a draining or down site, or one whose circuit breaker is open,
 *     is given as {@link EngineHealth.Down} with the reason
 * @param load the live load figures and when they were observed
 */
public record Candidate(
        Site site, String engineId, Set<String> models, int maxConcurrency, EngineHealth health, ObservedLoad load) {
    public Candidate {
        Objects.requireNonNull(site, "site is null");
        Objects.requireNonNull(engineId, "engineId is null");
        if (engineId.isEmpty()) {
            throw new IllegalArgumentException("engineId is empty");
        }
        models = Set.copyOf(Objects.requireNonNull(models, "models is null"));
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
        Objects.requireNonNull(health, "health is null");
        Objects.requireNonNull(load, "load is null");
    }


    public String siteId() {
        return site.id();
    }

    /** {@code site/engine}, as logs and headers show it. */
    public String label() {
        return site.id() + "/" + engineId;
    }

    /** Key of this engine in the affinity indexes. */
    EngineKey key() {
        return new EngineKey(site.id(), engineId);
    }
}
