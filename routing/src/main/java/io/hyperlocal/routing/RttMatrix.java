package io.hyperlocal.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measured round-trip times from requester regions (for example the operator's points of presence)
 * to sites. Where a pair is known it replaces the great-circle estimate, since fibre paths and
 * peering make distance a poor proxy across some borders.
 *
 * @param rtts region, then site id, then round-trip time (not negative)
 */
public record RttMatrix(Map<String, Map<String, Duration>> rtts) {
    public static final RttMatrix EMPTY = new RttMatrix(Map.of());

    public RttMatrix {
        Objects.requireNonNull(rtts, "rtts is null");
        Map<String, Map<String, Duration>> copy = new HashMap<>();
        rtts.forEach((region, sites) -> {
            Objects.requireNonNull(region, "rtts holds a null region");
            Objects.requireNonNull(sites, "rtts holds null sites for region " + region);
            sites.forEach((site, rtt) -> {
                Objects.requireNonNull(site, "rtts holds a null site id for region " + region);
                Objects.requireNonNull(rtt, "rtts holds a null time for " + region + " to " + site);
                if (rtt.isNegative()) {
                    throw new IllegalArgumentException("rtt from " + region + " to " + site + " is negative: " + rtt);
                }
            });
            copy.put(region, Map.copyOf(sites));
        });
        rtts = Map.copyOf(copy);
    }

    /** The round-trip time from {@code region} to {@code siteId}, when measured. */
    public Optional<Duration> rtt(String region, String siteId) {
        Map<String, Duration> sites = rtts.get(region);
        return sites == null ? Optional.empty() : Optional.ofNullable(sites.get(siteId));
    }
}
