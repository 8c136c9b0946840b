package io.hyperlocal.server.tmf.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TermDurationTest {
    @Test
    void monthsKeepTheDayOfMonthAndClampToTheLastDayOfShorterMonths() {
        TermDuration twelve = new TermDuration(12, ChronoUnit.MONTHS);
        assertThat(twelve.endOf(Instant.parse("2026-01-31T10:00:00Z"))).isEqualTo("2027-01-31T10:00:00Z");
        assertThat(twelve.endOf(Instant.parse("2028-02-29T00:00:00Z"))).isEqualTo("2029-02-28T00:00:00Z");
        assertThat(new TermDuration(1, ChronoUnit.MONTHS).endOf(Instant.parse("2026-01-31T10:00:00Z")))
                .isEqualTo("2026-02-28T10:00:00Z");
        assertThat(new TermDuration(1, ChronoUnit.YEARS).endOf(Instant.parse("2026-03-15T08:30:00Z")))
                .isEqualTo("2027-03-15T08:30:00Z");
        assertThat(new TermDuration(2, ChronoUnit.WEEKS).endOf(Instant.parse("2026-12-25T00:00:00Z")))
                .isEqualTo("2027-01-08T00:00:00Z");
    }

    @Property
    void aTermEndsAfterItStartsAndNeverOverrunsItsLength(@ForAll @IntRange(min = 1, max = 36) int months,
            @ForAll @IntRange(min = 0, max = 3650) int day) {
        Instant start = Instant.parse("2024-01-01T00:00:00Z").plus(day, ChronoUnit.DAYS);
        Instant end = new TermDuration(months, ChronoUnit.MONTHS).endOf(start);
        assertThat(end).isAfter(start);
        // At least 28 days per month, at most 31.
        assertThat(ChronoUnit.DAYS.between(start, end)).isBetween(28L * months, 31L * months);
    }

    @Test
    void durationsAreReadFromTmfJsonAndBadOnesNameTheAttribute() {
        ObjectNode term = TmfJson.parseObject("{\"name\": \"t\", \"duration\": {\"amount\": 12, \"units\": \"months\"}}");
        assertThat(TermDuration.of(term, "productOfferingTerm[0]")).isEqualTo(new TermDuration(12, ChronoUnit.MONTHS));
        ObjectNode bad = TmfJson.parseObject("{\"name\": \"t\", \"duration\": {\"amount\": 12, \"units\": \"fortnight\"}}");
        assertThatThrownBy(() -> TermDuration.of(bad, "productOfferingTerm[0]")).isInstanceOf(TmfException.class)
                .extracting(e -> ((TmfException) e).referenceError()).isEqualTo("productOfferingTerm[0].duration.units");
        ObjectNode zero = TmfJson.parseObject("{\"duration\": {\"amount\": 0, \"units\": \"day\"}}");
        assertThatThrownBy(() -> TermDuration.of(zero, "t")).isInstanceOf(TmfException.class);
    }
}
