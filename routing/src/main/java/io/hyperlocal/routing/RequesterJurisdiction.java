package io.hyperlocal.routing;

import io.hyperlocal.core.HyperlocalException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whose residency rules a request obeys: the country of the key's owner, optionally narrowed by the
 * {@value #HEADER} header. A narrowing names site tags a serving site must carry <em>in addition</em>
 * to passing the owner's rule (every named tag), and {@link ResidencyPolicy#scopeFor} refuses tags
 * the rule does not allow: a DE requester whose rule allows {@code {DE, EU}} may narrow to {@code DE}
 * but not to {@code FR}.
 *
 * @param country ISO 3166-1 alpha-2 code of the key's owner, upper case
 * @param narrowedTo tags every serving site must also carry; empty for no narrowing
 */
public record RequesterJurisdiction(String country, Set<String> narrowedTo) {
    /** The request header that narrows the jurisdiction. */
    public static final String HEADER = "x-hyperlocal-jurisdiction";

    public RequesterJurisdiction {
        Objects.requireNonNull(country, "country is null");
        if (!ResidencyPolicy.COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code: " + country);
        }
        narrowedTo = Set.copyOf(Objects.requireNonNull(narrowedTo, "narrowedTo is null"));
        for (String tag : narrowedTo) {
            ResidencyRule.requireTag("narrowedTo", tag);
        }
    }

    /** A requester of {@code country}, not narrowed. */
    public static RequesterJurisdiction of(String country) {
        return new RequesterJurisdiction(country, Set.of());
    }

    /**
     * This requester narrowed by a {@value #HEADER} value: comma-separated site tags, for example
     * {@code DE} or {@code FR, SecNumCloud}. A blank value narrows nothing.
     *
     * @throws HyperlocalException {@link io.hyperlocal.core.ErrorCode#INVALID_VALUE} on a malformed tag
     */
    public RequesterJurisdiction narrowedBy(String headerValue) {
        Objects.requireNonNull(headerValue, "headerValue is null");
        if (headerValue.isBlank()) {
            return this;
        }
        Set<String> tags = new TreeSet<>(narrowedTo);
        for (String raw : headerValue.split(",", -1)) {
            String tag = raw.strip();
            if (!ResidencyRule.TAG.matcher(tag).matches()) {
                throw HyperlocalException.invalidValue(HEADER, "Invalid " + HEADER + " value '" + headerValue
                        + "': expected comma-separated site tags such as 'DE' or 'FR, SecNumCloud' (letters, digits,"
                        + " '_', '.', '-').");
            }
            tags.add(tag);
        }
        return new RequesterJurisdiction(country, tags);
    }

    /** {@code DE} or {@code DE>DE+SecNumCloud}, as the decision summary shows it. */
    public String label() {
        return narrowedTo.isEmpty() ? country : country + ">" + String.join("+", new TreeSet<>(narrowedTo));
    }
}
