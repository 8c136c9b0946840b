package io.hyperlocal.server.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ImportProgressTest {
    @Test
    void rendersPercentageRowsSpeedAndTimeLeft() {
        assertThat(ImportProgress.render(450_000, 45, 100, 5.0))
                .isEqualTo("Reading  45% [#########-----------]  450,000 rows  90,000 rows/s  ETA 0:07");
        assertThat(ImportProgress.render(0, 0, 100, 0)).endsWith("0 rows  0 rows/s  ETA --:--");
        assertThat(ImportProgress.render(10, 0, 0, 1)).startsWith("Reading 100% [####################]");
    }

    @Test
    void withoutATerminalPrintsOneLineEveryTenthOfTheFile() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        ImportProgress progress = new ImportProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, nanos::get);
        for (long done = 0; done <= 1000; done += 10) {
            nanos.addAndGet(1_000_000);
            progress.reading(done * 3, done, 1000);
        }
        progress.step("Checking 3000 rows for duplicates");
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(12);
        assertThat(lines[0]).startsWith("Reading   0%");
        assertThat(lines[10]).startsWith("Reading 100%").contains("3,000 rows");
        assertThat(lines[11]).isEqualTo("Checking 3000 rows for duplicates ...");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void onATerminalRedrawsOneLineAtMostTenTimesASecond() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        ImportProgress progress = new ImportProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, nanos::get);
        for (long done = 1; done <= 100; done++) {
            nanos.addAndGet(20_000_000); // 50 updates a second
            progress.reading(done, done, 100);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        long redraws = output.chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(20L, 22L); // 2 s of updates, 10 a second, plus the final one
        assertThat(output).endsWith("ETA 0:00").doesNotContain("\n");
    }
}
