package io.hyperlocal.routing;

import io.hyperlocal.core.GeoPoint;
import java.util.Objects;

/** Where a request comes from, as far as the gateway knows, for the proximity scorer. */
public sealed interface RequesterLocation {

    /** Nothing known: proximity scores every site the same. */
    record Unknown() implements RequesterLocation {}

    /** A point, for example the geolocated point of presence the request entered through. */
    record At(GeoPoint point) implements RequesterLocation {
        public At {
            Objects.requireNonNull(point, "point is null");
        }
    }

    /**
     * A named region of the RTT matrix (for example an operator point of presence), with its point
     * for the sites the matrix does not cover.
     */
    record InRegion(String region, GeoPoint point) implements RequesterLocation {
        public InRegion {
            Objects.requireNonNull(region, "region is null");
            Objects.requireNonNull(point, "point is null");
            if (region.isEmpty()) {
                throw new IllegalArgumentException("region is empty");
            }
        }
    }

    RequesterLocation UNKNOWN = new Unknown();
}
