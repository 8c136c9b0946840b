package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import io.hyperlocal.engines.InferenceEngine;
import java.util.List;
import java.util.Objects;

/** A site and the engines running there. */
public record SiteEngines(Site site, List<InferenceEngine> engines) {
    public SiteEngines {
        Objects.requireNonNull(site, "site is null");
        engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
    }
}
