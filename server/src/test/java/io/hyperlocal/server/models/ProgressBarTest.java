package io.hyperlocal.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long MIB = 1024 * 1024;
    private static final URI SOURCE = URI.create("https://huggingface.co/org/repo/resolve/main/m.gguf");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void rendersPercentBarSizesSpeedAndTimeLeft() {
        assertThat(ProgressBar.render("m.gguf", 5 * MIB, 10 * MIB, MIB))
                .isEqualTo("m.gguf   50% [##########----------]  5.0/10.0 MiB  1.0 MiB/s  ETA 0:05");
        assertThat(ProgressBar.render("m.gguf", 0, 10 * MIB, 0))
                .isEqualTo("m.gguf    0% [--------------------]  0.0/10.0 MiB  0 KiB/s  ETA --:--");
        assertThat(ProgressBar.render("m.gguf", 10 * MIB, 10 * MIB, 2.5 * MIB))
                .isEqualTo("m.gguf  100% [####################]  10.0/10.0 MiB  2.5 MiB/s  ETA 0:00");
    }

    @Test
    void rendersBytesAndSpeedWhenTheTotalIsUnknown() {
        assertThat(ProgressBar.render("m.gguf", 3 * MIB, DownloadEvent.UNKNOWN_TOTAL, 512 * 1024))
                .isEqualTo("m.gguf  3.0 MiB  512 KiB/s");
    }

    @Test
    void formatsLongWaitsWithHours() {
        assertThat(ProgressBar.render("m.gguf", 0, 10_240 * MIB, MIB)).endsWith("ETA 2:50:40");
        assertThat(ProgressBar.duration(59)).isEqualTo("0:59");
        assertThat(ProgressBar.duration(3600)).isEqualTo("1:00:00");
    }

    @Test
    void redrawsInPlaceAtMostTenTimesASecondAndAlwaysShowsTheEnd() {
        ProgressBar bar = new ProgressBar(out, true, nanos::get);
        bar.onEvent(new DownloadEvent.Started("m.gguf", SOURCE, 0, 100 * MIB));
        at(10, bar, 1 * MIB);
        at(50, bar, 2 * MIB); // too soon after the last redraw
        at(200, bar, 50 * MIB);
        at(210, bar, 100 * MIB); // the end is drawn however soon it comes
        bar.onEvent(new DownloadEvent.Verified(Path.of("/m/m.gguf"), "ab".repeat(32), HashSource.SERVER));

        String text = output();
        assertThat(text.chars().filter(c -> c == '\r')).hasSize(3);
        assertThat(text).doesNotContain("  2.0/100.0 MiB");
        assertThat(text).contains("\rm.gguf  100% [####################]  100.0/100.0 MiB");
        assertThat(text).endsWith("MiB/s  ETA 0:00\nVerified: sha256 " + "ab".repeat(32)
                + " published by the server as X-Linked-Etag\n");
    }

    @Test
    void printsALineEveryTenthWhenNotOnATerminal() {
        ProgressBar bar = new ProgressBar(out, false, nanos::get);
        bar.onEvent(new DownloadEvent.Started("m.gguf", SOURCE, 0, 100 * MIB));
        for (int percent = 1; percent <= 100; percent++) {
            at(percent * 100, bar, percent * MIB);
        }

        String[] lines = output().split("\n");
        assertThat(lines).hasSize(1 + 10);
        assertThat(lines[0]).isEqualTo("Downloading m.gguf from huggingface.co (100.0 MiB)");
        assertThat(lines[1]).startsWith("m.gguf   10% ");
        assertThat(lines[10]).startsWith("m.gguf  100% ");
        assertThat(output()).doesNotContain("\r");
    }

    @Test
    void sayWhenAFileIsNotVerifiedAndWhenADownloadResumes() {
        ProgressBar bar = new ProgressBar(out, false, nanos::get);
        bar.onEvent(new DownloadEvent.Started("m.gguf", SOURCE, 3 * MIB, DownloadEvent.UNKNOWN_TOTAL));
        bar.onEvent(new DownloadEvent.Retrying(2, 3, "connection closed"));
        bar.onEvent(new DownloadEvent.NotVerified(Path.of("/m/m.gguf"), "cd".repeat(32),
                ModelDownloader.NO_PUBLISHED_HASH));

        assertThat(output()).isEqualTo("""
                Downloading m.gguf from huggingface.co, resuming at 3.0 MiB
                Download interrupted (connection closed); attempt 2 of 3 resumes it
                not verified: no published sha256 (the file's sha256 is %s)
                """.formatted("cd".repeat(32)));
    }

    private void at(long millis, ProgressBar bar, long done) {
        nanos.set(millis * 1_000_000);
        bar.onEvent(new DownloadEvent.Progress(done, 100 * MIB));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
