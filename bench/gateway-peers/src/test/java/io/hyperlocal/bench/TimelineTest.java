package io.hyperlocal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void keepsTheSlowestAnswerOfEachHundredMillisecondsAndSkipsEmptyOnes() {
        Timeline timeline = new Timeline();
        timeline.record(5_000_000L, 21_000);
        timeline.record(99_000_000L, 340_500);
        timeline.record(50_000_000L, 25_000);
        timeline.record(250_000_000L, 22_000);
        timeline.record(-1, 30_000); // due before the start (clock granularity): the first 100 ms
        timeline.record(12_345_000_000L, 480_000); // far beyond the first buckets: grows

        assertThat(timeline.lines("hyperlocal whole 5000", 1_000_000L)).isEqualTo("""
                hyperlocal whole 5000 1000000 340.5
                hyperlocal whole 5000 1000200 22.0
                hyperlocal whole 5000 1012300 480.0
                """);
    }
}
