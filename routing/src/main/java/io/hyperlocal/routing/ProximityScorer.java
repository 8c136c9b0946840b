package io.hyperlocal.routing;

import io.hyperlocal.core.Site;
import java.time.Duration;
import java.util.Optional;

/**
 * Closeness of a site to the requester, in [0, 1]: 1 next door, falling linearly to 0 at
 * {@link RoutingConfig#proximityZeroKm} (great-circle distance) or at
 * {@link RoutingConfig#proximityZeroRtt} where the RTT matrix knows the pair.
 */
final class ProximityScorer {
    /** When the requester's location is unknown: the same for every site, so it orders nothing. */
    static final double UNKNOWN = 0.5;

    private ProximityScorer() {}

    static double score(RequesterLocation location, Site site, RoutingConfig config) {
        return switch (location) {
            case RequesterLocation.Unknown unknown -> UNKNOWN;
            case RequesterLocation.At at -> byDistance(at.point().distanceKm(site.location()), config);
            case RequesterLocation.InRegion region -> {
                Optional<Duration> rtt = config.rtt().rtt(region.region(), site.id());
                yield rtt.isPresent()
                        ? linear(rtt.get().toNanos(), config.proximityZeroRtt().toNanos())
                        : byDistance(region.point().distanceKm(site.location()), config);
            }
        };
    }

    private static double byDistance(double km, RoutingConfig config) {
        return linear(km, config.proximityZeroKm());
    }

    private static double linear(double value, double zeroAt) {
        return Math.max(0, 1 - value / zeroAt);
    }
}
