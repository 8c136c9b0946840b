package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.Countries;
import io.hyperlocal.core.HyperlocalException;
import java.time.Clock;
import java.time.Year;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An end customer of the operator.
 *
 * @param id the BSS's key for the subscriber, 1 to 64 of {@code A-Z a-z 0-9 . _ : -}
 * @param msisdn the phone number in canonical E.164 form, {@code +33612345678} (see {@link Msisdn})
 * @param country ISO 3166-1 alpha-2 code of a country that exists, upper case: where the subscriber's
 *     contract is, which residency and age rules follow
 * @param birthYear in [{@value #FIRST_BIRTH_YEAR}, 2100], or {@value #UNKNOWN_BIRTH_YEAR} when the BSS
 *     did not say; {@link #of} also refuses a year after the current one
 * @param billingAccount the BSS billing account that pays, 1 to 64 characters without control characters
 */
public record Subscriber(String id, String msisdn, String country, int birthYear, String billingAccount) {
    public static final int UNKNOWN_BIRTH_YEAR = 0;
    public static final int FIRST_BIRTH_YEAR = 1900;
    /** The schema's upper bound; the plausible one is the current year, which needs a clock ({@link #of}). */
    static final int LAST_STORABLE_BIRTH_YEAR = 2100;
    private static final int MAX_BILLING_ACCOUNT = 64;

    public Subscriber {
        Ids.check("id", id);
        Objects.requireNonNull(msisdn, "msisdn is null");
        if (!Msisdn.E164.matcher(msisdn).matches()) {
            throw HyperlocalException.invalidValue("msisdn", "msisdn '" + Text.shorten(msisdn)
                    + "' is not in canonical E.164 form (+ and 7 to 15 digits, the first not 0)");
        }
        Objects.requireNonNull(country, "country is null");
        if (!Countries.exists(country)) {
            throw HyperlocalException.invalidValue("country", "country '" + Text.shorten(country)
                    + "' is not an ISO 3166-1 alpha-2 country code (upper case, such as FR, DE, ES)");
        }
        if (birthYear != UNKNOWN_BIRTH_YEAR && (birthYear < FIRST_BIRTH_YEAR || birthYear > LAST_STORABLE_BIRTH_YEAR)) {
            throw HyperlocalException.invalidValue("birth_year", "birth_year " + birthYear + " is not plausible: it must be in ["
                    + FIRST_BIRTH_YEAR + ", the current year], or empty when unknown");
        }
        Objects.requireNonNull(billingAccount, "billingAccount is null");
        if (billingAccount.isBlank() || billingAccount.length() > MAX_BILLING_ACCOUNT
                || billingAccount.chars().anyMatch(Character::isISOControl)) {
            throw HyperlocalException.invalidValue("billing_account", "billing_account '" + Text.shorten(billingAccount)
                    + "' must be 1 to " + MAX_BILLING_ACCOUNT + " characters, not blank, without control characters");
        }
    }

    /**
     * A subscriber from values as a BSS export or an admin writes them: surrounding spaces are
     * trimmed, the country is upper-cased, the MSISDN normalised ({@link Msisdn#normalise}), an empty
     * birth year is unknown, and a birth year after the current year of {@code clock} is refused.
     *
     * @param birthYear the year as text, empty when unknown
     * @throws HyperlocalException {@code invalid_value} with the field as its {@code param}
     */
    public static Subscriber of(String id, String msisdn, String country, String birthYear, String billingAccount,
            Clock clock) {
        String year = birthYear.strip();
        int parsedYear = UNKNOWN_BIRTH_YEAR;
        if (!year.isEmpty()) {
            if (year.length() != 4 || !year.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw HyperlocalException.invalidValue("birth_year", "birth_year '" + Text.shorten(year)
                        + "' is not a year (four digits, or empty when unknown)");
            }
            parsedYear = Integer.parseInt(year);
        }
        return of(id, msisdn, country, parsedYear, billingAccount, clock);
    }

    /** As {@link #of(String, String, String, String, String, Clock)}, with the birth year as a number. */
    public static Subscriber of(String id, String msisdn, String country, int birthYear, String billingAccount,
            Clock clock) {
        int currentYear = Year.now(clock).getValue();
        if (birthYear != UNKNOWN_BIRTH_YEAR && (birthYear < FIRST_BIRTH_YEAR || birthYear > currentYear)) {
            throw HyperlocalException.invalidValue("birth_year", "birth_year " + birthYear + " is not plausible: it must be in ["
                    + FIRST_BIRTH_YEAR + ", " + currentYear + "], or empty when unknown");
        }
        return new Subscriber(id.strip(), Msisdn.normalise("msisdn", msisdn), country.strip().toUpperCase(Locale.ROOT),
                birthYear, billingAccount.strip());
    }

    /** The birth year, when the BSS gave one. */
    public OptionalInt knownBirthYear() {
        return birthYear == UNKNOWN_BIRTH_YEAR ? OptionalInt.empty() : OptionalInt.of(birthYear);
    }
}
