package io.hyperlocal.core;

/**
 * A point on the Earth, in degrees (WGS 84).
 *
 * @param latitude degrees in [-90, 90]
 * @param longitude degrees in [-180, 180]
 */
public record GeoPoint(double latitude, double longitude) {
    /** Mean Earth radius (IUGG), the usual constant for great-circle distances. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90]: " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180]: " + longitude);
        }
    }

    /**
     * Great-circle distance in kilometres (haversine). Accurate to about 0.5% since the Earth is not
     * a sphere, which is far below what routing can tell apart.
     */
    public double distanceKm(GeoPoint other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double deltaPhi = phi2 - phi1;
        double deltaLambda = Math.toRadians(other.longitude - longitude);
        double sinPhi = Math.sin(deltaPhi / 2);
        double sinLambda = Math.sin(deltaLambda / 2);
        double a = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
        // min() guards asin against a rounding error just above 1 for antipodal points.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
