package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import java.util.List;
import java.util.Objects;

/** A site as stored: its identity, its state and the engines declared for it. */
public record SiteRecord(Site site, SiteState state, List<EngineSpec> engines) {
    public SiteRecord {
        Objects.requireNonNull(site, "site is null");
        Objects.requireNonNull(state, "state is null");
        engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
    }
}
