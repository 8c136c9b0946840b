package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import io.hyperlocal.engines.InferenceEngine;
import java.util.List;
import java.util.Objects;

/** A site, its state and the engines running there. */
public record SiteEngines(Site site, SiteState state, List<InferenceEngine> engines) {
    public SiteEngines {
        Objects.requireNonNull(site, "site is null");
        Objects.requireNonNull(state, "state is null");
        engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
    }

    /** An active site. */
    public SiteEngines(Site site, List<InferenceEngine> engines) {
        this(site, SiteState.ACTIVE, engines);
    }
}
