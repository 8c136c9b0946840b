package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import java.util.List;
import java.util.Set;

/** The demo federation that {@code ./hyperlocal up} creates on first start: three sites, two countries. */
public final class DemoSites {
    public static final List<Site> SITES = List.of(
            new Site("fr-par", "Paris", "FR", "Paris", 48.8566, 2.3522, Set.of("FR", "EU")),
            new Site("fr-mrs", "Marseille", "FR", "Marseille", 43.2965, 5.3698, Set.of("FR", "EU")),
            new Site("de-fra", "Frankfurt", "DE", "Frankfurt am Main", 50.1109, 8.6821, Set.of("DE", "EU")));

    private DemoSites() {}
}
