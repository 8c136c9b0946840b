package io.hyperlocal.core;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One data centre of the operator.
 *
 * @param id stable identifier, lower case, for example {@code fr-par}
 * @param name human name, for example {@code Paris}
 * @param country ISO 3166-1 alpha-2 code, upper case
 * @param city city name
 * @param latitude degrees in [-90, 90]
 * @param longitude degrees in [-180, 180]
 * @param jurisdictionTags tags such as {@code EU}, {@code FR}, {@code SecNumCloud}
 */
public record Site(
        String id, String name, String country, String city, double latitude, double longitude,
        Set<String> jurisdictionTags) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public Site {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(country, "country is null");
        Objects.requireNonNull(city, "city is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("site id must be lower-case letters, digits and dashes: " + id);
        }
        if (!COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code: " + country);
        }
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude must be in [-90, 90]: " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be in [-180, 180]: " + longitude);
        }
        jurisdictionTags = Set.copyOf(Objects.requireNonNull(jurisdictionTags, "jurisdictionTags is null"));
    }

    /** Where the site stands, for distance-based routing. */
    public GeoPoint location() {
        return new GeoPoint(latitude, longitude);
    }
}
