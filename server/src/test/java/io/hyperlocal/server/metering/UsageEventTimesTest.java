package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The journal's times: written as {@link Instant#toString} writes them, and read back as
 * {@link Instant#parse} reads every text.
 */
class UsageEventTimesTest {

    @Property(tries = 5_000)
    void writesWhatInstantWrites(@ForAll("instants") Instant time) {
        assertThat(UsageEvents.text(time)).isEqualTo(time.toString());
    }

    @Test
    void timesAtAndBeyondTheFastYears() {
        for (Instant time : new Instant[] {Instant.EPOCH, Instant.parse("0999-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00.000001Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z")}) {
            assertThat(UsageEvents.text(time)).as(time.toString()).isEqualTo(time.toString());
        }
    }

    @Property(tries = 5_000)
    void readsWhatInstantWrites(@ForAll("instants") Instant time) {
        String text = time.toString();
        assertThat(UsageEvents.instant(text)).isEqualTo(Instant.parse(text)).isEqualTo(time);
    }

    /** One character of a written time replaced: the same instant, or the same refusal. */
    @Property(tries = 5_000)
    void agreesWithInstantParseOnDamagedTexts(@ForAll("instants") Instant time, @ForAll("positions") int position,
            @ForAll("characters") char replacement) {
        String written = time.toString();
        int at = position % written.length();
        String text = written.substring(0, at) + replacement + written.substring(at + 1);
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThatThrownBy(() -> UsageEvents.instant(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(UsageEvents.instant(text)).isEqualTo(expected);
    }

    @Test
    void oddButValidTimesTakeTheFormatter() {
        for (String text : new String[] {"2026-11-27T02:55:13Z", "2026-11-27T02:55:13.1Z", "2024-02-29T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "2026-06-30T23:59:60Z", "2026-11-27T02:55:13+01:00",
                "2026-11-27T24:00:00Z", "2026-11-27T02:55:13.Z"}) {
            assertThat(UsageEvents.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : new String[] {"", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-27 02:55:13Z", "2026-11-27T02:55:13.1234567890Z"}) {
            assertThatThrownBy(() -> UsageEvents.instant(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("1000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(millis -> millis * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(micros -> micros * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return seconds.flatMap(second -> nanos.map(nano -> Instant.ofEpochSecond(second, nano)));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<Character> characters() {
        return Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', 'T', 'Z', '.', ' ', 'x', '/', '+');
    }
}
