package io.hyperlocal.routing;

import java.util.Objects;

/** A (site, engine) pair as the affinity indexes remember it. */
record EngineKey(String siteId, String engineId) {
    EngineKey {
        Objects.requireNonNull(siteId, "siteId is null");
        Objects.requireNonNull(engineId, "engineId is null");
    }
}
