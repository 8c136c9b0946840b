package io.hyperlocal.core;

import java.util.Locale;
import java.util.Set;

/**
 * The ISO 3166-1 alpha-2 codes that name a country, as the JDK knows them. Subscribers, residency
 * rules and sites are keyed by such codes; one that only looks like a code ({@code UK}, {@code XX})
 * matches nobody, so the places that take one refuse it.
 */
public final class Countries {
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private Countries() {}

    /** Whether {@code code} (upper case) is the code of a country. */
    public static boolean exists(String code) {
        return CODES.contains(code);
    }
}
