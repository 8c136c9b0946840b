package io.hyperlocal.engines.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequenceFilterTest {

    @Test
    void holdsBackWhatMayStartAStopSequence() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("abc"));

        assertThat(filter.offer("xa")).isEqualTo(new StopSequenceFilter.Step("x", false));
        assertThat(filter.offer("bd")).isEqualTo(new StopSequenceFilter.Step("abd", false));
        assertThat(filter.offer(" ab")).isEqualTo(new StopSequenceFilter.Step(" ", false));
        assertThat(filter.offer("c tail")).isEqualTo(new StopSequenceFilter.Step("", true));
    }

    @Test
    void stopsAtTheEarliestOfSeveralSequences() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of("river", "quiet"));

        assertThat(filter.offer("the quiet river")).isEqualTo(new StopSequenceFilter.Step("the ", true));
    }

    @Test
    void passesEverythingWithoutStopSequences() {
        StopSequenceFilter filter = new StopSequenceFilter(List.of());

        assertThat(filter.offer(" word")).isEqualTo(new StopSequenceFilter.Step(" word", false));
    }
}
