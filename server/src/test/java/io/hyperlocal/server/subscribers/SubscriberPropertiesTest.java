package io.hyperlocal.server.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What a subscriber and a partner application accept, over whole spaces of values. */
class SubscriberPropertiesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Property
    void everyE164NumberIsAcceptedAsItIsAndWithSeparators(@ForAll("e164") String number,
            @ForAll("separators") String separators) {
        assertThat(Msisdn.normalise("msisdn", number)).isEqualTo(number);
        // Spaces and dashes anywhere after the + are visual separators, never part of the number.
        StringBuilder written = new StringBuilder("+");
        for (int i = 1; i < number.length(); i++) {
            written.append(number.charAt(i)).append(separators.charAt(i % separators.length()) == '_'
                    ? "" : String.valueOf(separators.charAt(i % separators.length())));
        }
        assertThat(Msisdn.normalise("msisdn", written.toString())).isEqualTo(number);
        assertThat(subscriber("s", written.toString()).msisdn()).isEqualTo(number);
    }

    @Property
    void aNumberWithoutPlusOrStartingWithZeroOrTooLongOrTooShortIsRefused(@ForAll("e164") String number,
            @ForAll @IntRange(min = 0, max = 3) int damage) {
        String broken = switch (damage) {
            case 0 -> number.substring(1);                    // no +
            case 1 -> "+0" + number.substring(2);              // a country code cannot start with 0
            case 2 -> number + "1234567890".substring(0, 16 - (number.length() - 1)); // 16 digits
            default -> number.substring(0, Math.min(number.length(), 7)); // 6 digits at most
        };
        HyperlocalException error = catchThrowableOfType(HyperlocalException.class,
                () -> Msisdn.normalise("msisdn", broken));
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VALUE);
        assertThat(error.param()).hasValue("msisdn");
        assertThat(error.getMessage()).contains("E.164");
    }

    @Property
    void anythingButDigitsSpacesAndDashesAfterThePlusIsRefused(@ForAll("e164") String number,
            @ForAll("foreign") char foreign, @ForAll @IntRange(min = 1, max = 7) int at) {
        String broken = number.substring(0, at) + foreign + number.substring(at);
        assertThatThrownBy(() -> Msisdn.normalise("msisdn", broken)).isInstanceOf(HyperlocalException.class)
                .hasMessageContaining("is not an E.164 number");
    }

    @Property
    void idsOfTheAllowedAlphabetUpTo64AreAccepted(@ForAll("ids") String id) {
        assertThat(subscriber(id, "+33612345678").id()).isEqualTo(id);
        assertThat(new PartnerApp(id, "App").id()).isEqualTo(id);
    }

    @Property
    void anIdWithAForeignCharacterOrLongerThan64IsRefused(@ForAll("ids") String id, @ForAll("notInIds") char foreign) {
        for (String bad : new String[] {id + foreign, foreign + id, id + "x".repeat(65 - id.length())}) {
            HyperlocalException error = catchThrowableOfType(HyperlocalException.class, () -> new PartnerApp(bad, "App"));
            assertThat(error.param()).as(bad).hasValue("id");
        }
    }

    @Property
    void everyIsoCountryIsAcceptedInAnyCase(@ForAll("countries") String country) {
        assertThat(Subscriber.of("s", "+33612345678", country.toLowerCase(Locale.ROOT), "", "BA", CLOCK).country())
                .isEqualTo(country);
    }

    @Property
    void birthYearsFrom1900ToTheCurrentYearAreAcceptedAndNoOthers(@ForAll @IntRange(min = 1000, max = 3000) int year) {
        boolean plausible = year >= 1900 && year <= 2026;
        if (plausible) {
            assertThat(Subscriber.of("s", "+33612345678", "FR", Integer.toString(year), "BA", CLOCK).knownBirthYear())
                    .hasValue(year);
        } else {
            HyperlocalException error = catchThrowableOfType(HyperlocalException.class,
                    () -> Subscriber.of("s", "+33612345678", "FR", Integer.toString(year), "BA", CLOCK));
            assertThat(error.param()).hasValue("birth_year");
            assertThat(error.getMessage()).contains("[1900, 2026]");
        }
    }

    @Example
    void theCurrentYearComesFromTheClock() {
        Clock nextYear = Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(Subscriber.of("s", "+33612345678", "FR", "2027", "BA", nextYear).birthYear()).isEqualTo(2027);
        assertThatThrownBy(() -> Subscriber.of("s", "+33612345678", "FR", "2027", "BA", CLOCK))
                .hasMessageContaining("birth_year 2027");
    }

    @Example
    void anEmptyBirthYearIsUnknownAndTextIsRefused() {
        assertThat(Subscriber.of("s", "+33612345678", "FR", " ", "BA", CLOCK).knownBirthYear()).isEmpty();
        assertThatThrownBy(() -> Subscriber.of("s", "+33612345678", "FR", "19x0", "BA", CLOCK))
                .hasMessageContaining("birth_year '19x0' is not a year");
    }

    @Example
    void countriesThatDoNotExistAreRefused() {
        for (String country : new String[] {"XX", "UK", "EU", "F", "FRA", ""}) {
            HyperlocalException error = catchThrowableOfType(HyperlocalException.class,
                    () -> Subscriber.of("s", "+33612345678", country, "", "BA", CLOCK));
            assertThat(error.param()).as(country).hasValue("country");
        }
    }

    @Example
    void theMessageSaysWhatIsWrongWithANumber() {
        assertThatThrownBy(() -> Msisdn.normalise("msisdn", "0033612345678")).hasMessageContaining("write + instead of the 00");
        assertThatThrownBy(() -> Msisdn.normalise("msisdn", "06 12 34 56 78"))
                .hasMessageContaining("must start with + and the country calling code");
        assertThatThrownBy(() -> Msisdn.normalise("msisdn", "+33 (6) 12")).hasMessageContaining("only digits");
        assertThatThrownBy(() -> Msisdn.normalise("msisdn", "+3361234567890123")).hasMessageContaining("16 digits");
    }

    @Example
    void aBillingAccountMustBePrintableText() {
        assertThatThrownBy(() -> Subscriber.of("s", "+33612345678", "FR", "", "  ", CLOCK))
                .hasMessageContaining("billing_account");
        assertThatThrownBy(() -> Subscriber.of("s", "+33612345678", "FR", "", "BA\tX", CLOCK))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> Subscriber.of("s", "+33612345678", "FR", "", "B".repeat(65), CLOCK))
                .hasMessageContaining("1 to 64");
    }

    private static Subscriber subscriber(String id, String msisdn) {
        return Subscriber.of(id, msisdn, "FR", "1980", "BA-1", CLOCK);
    }

    @Provide
    Arbitrary<String> e164() {
        Arbitrary<Character> first = Arbitraries.chars().range('1', '9');
        Arbitrary<String> rest = Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(14);
        return first.flatMap(f -> rest.map(r -> "+" + f + r));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.strings().withChars(' ', '-', '_').ofMinLength(1).ofMaxLength(5);
    }

    @Provide
    Arbitrary<Character> foreign() {
        return Arbitraries.chars().with('/', '(', ')', '+', '#', '*', '\u00e9', 'a', '\t', '.', ',', '"');
    }

    @Provide
    Arbitrary<Character> notInIds() {
        return Arbitraries.chars().with('/', '(', '+', '#', ' ', '\u00e9', '\t', ',', '"', '?', '%');
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('.', '_', ':', '-').ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<String> countries() {
        return Arbitraries.of(Locale.getISOCountries());
    }
}
