package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import java.util.Objects;
import java.util.Set;

/**
 * One (site, engine) pair as routing sees it: what it serves and how it is doing now.
 *
 * @param siteId the site
 * @param engineId the engine, unique within its site
 * @param models model ids the engine serves
 * @param health the engine's health
 * @param load the engine's live load figures
 */
public record Candidate(String siteId, String engineId, Set<String> models, EngineHealth health, EngineLoad load) {
    public Candidate {
        Objects.requireNonNull(siteId, "siteId is null");
        Objects.requireNonNull(engineId, "engineId is null");
        models = Set.copyOf(Objects.requireNonNull(models, "models is null"));
        Objects.requireNonNull(health, "health is null");
        Objects.requireNonNull(load, "load is null");
    }

    /** {@code site/engine}, as logs and headers show it. */
    public String label() {
        return siteId + "/" + engineId;
    }
}
