package io.hyperlocal.server.models;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows a download on a terminal: one line redrawn with a carriage return at most ten times a
 * second, with percentage, MiB done and total, speed and time left. When the output is not a
 * terminal (a log file, CI) it prints a plain line at every tenth of the file instead, and every
 * 100 MiB when the size is unknown. The line itself is {@link #render}, a pure function.
 */
public final class ProgressBar implements ProgressListener {
    private static final long MIB = 1024 * 1024;
    private static final long REDRAW_NANOS = 100_000_000;
    private static final long UNKNOWN_SIZE_STEP = 100 * MIB;
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private String fileName = "";
    private long startNanos;
    private long startBytes;
    private long lastDrawNanos;
    private long lastStep;
    private int lineLength;

    /** A bar on {@code out} that redraws in place only when this process runs on a terminal. */
    public ProgressBar(PrintStream out) {
        this(out, isTerminal(), System::nanoTime);
    }

    public ProgressBar(PrintStream out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.interactive = interactive;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
    }

    @Override
    public void onEvent(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.AlreadyPresent present -> line(present.file().getFileName() + " is already in "
                    + present.file().getParent());
            case DownloadEvent.Started started -> {
                fileName = started.fileName();
                startNanos = nanoClock.getAsLong();
                startBytes = started.startBytes();
                lastDrawNanos = Long.MIN_VALUE;
                lastStep = step(started.startBytes(), started.totalBytes());
                String size = started.total().isEmpty() ? "" : " (" + mib(started.totalBytes()) + " MiB)";
                String resume = started.startBytes() == 0 ? "" : ", resuming at " + mib(started.startBytes()) + " MiB";
                line("Downloading " + started.fileName() + " from " + started.source().getHost() + size + resume);
            }
            case DownloadEvent.Progress progress -> progress(progress.bytesDone(), progress.totalBytes());
            case DownloadEvent.Retrying retrying -> line("Download interrupted (" + retrying.reason() + "); attempt "
                    + retrying.nextAttempt() + " of " + retrying.maxAttempts() + " resumes it");
            case DownloadEvent.Verifying verifying -> line("Checking the sha256 of " + verifying.file().getFileName());
            case DownloadEvent.Verified verified -> line("Verified: sha256 " + verified.sha256() + " "
                    + verified.source().description());
            case DownloadEvent.NotVerified notVerified -> line(notVerified.reason()
                    + (notVerified.sha256().isEmpty() ? "" : " (the file's sha256 is " + notVerified.sha256() + ")"));
        }
    }

    private void progress(long done, long total) {
        long now = nanoClock.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        double speed = seconds > 0 ? (done - startBytes) / seconds : 0;
        String text = render(fileName, done, total, speed);
        if (interactive) {
            boolean finished = total != DownloadEvent.UNKNOWN_TOTAL && done >= total;
            if (finished || now - lastDrawNanos >= REDRAW_NANOS || lastDrawNanos == Long.MIN_VALUE) {
                // Spaces wipe what is left of a longer previous line.
                out.print("\r" + text + " ".repeat(Math.max(0, lineLength - text.length())));
                out.flush();
                lineLength = text.length();
                lastDrawNanos = now;
                if (finished) {
                    endLine();
                }
            }
            return;
        }
        long step = step(done, total);
        if (step > lastStep) {
            out.println(text);
            lastStep = step;
        }
    }

    /** Which tenth of the file (or which 100 MiB, without a total) {@code done} is in. */
    private static long step(long done, long total) {
        return total == DownloadEvent.UNKNOWN_TOTAL ? done / UNKNOWN_SIZE_STEP : done * 10 / Math.max(1, total);
    }

    private void line(String text) {
        endLine();
        out.println(text);
    }

    private void endLine() {
        if (lineLength > 0) {
            out.println();
            lineLength = 0;
        }
    }

    /**
     * One progress line, for example
     * {@code model.gguf  45% [#########-----------]  12.3/27.1 MiB  3.4 MiB/s  ETA 0:04}; without a
     * total, {@code model.gguf  12.3 MiB  3.4 MiB/s}.
     *
     * @param total total bytes, or {@link DownloadEvent#UNKNOWN_TOTAL}
     * @param bytesPerSecond current speed; 0 when not known yet
     */
    public static String render(String fileName, long done, long total, double bytesPerSecond) {
        String speed = rate(bytesPerSecond);
        if (total == DownloadEvent.UNKNOWN_TOTAL || total <= 0) {
            return fileName + "  " + mib(done) + " MiB  " + speed;
        }
        long shown = Math.min(done, total);
        int percent = (int) (shown * 100 / total);
        int filled = (int) (shown * BAR_WIDTH / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        String eta = bytesPerSecond > 0 ? duration((long) Math.ceil((total - shown) / bytesPerSecond)) : "--:--";
        return String.format(Locale.ROOT, "%s  %3d%% [%s]  %s/%s MiB  %s  ETA %s",
                fileName, percent, bar, mib(shown), mib(total), speed, eta);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) MIB);
    }

    static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB/s", bytesPerSecond / MIB);
        }
        return String.format(Locale.ROOT, "%.0f KiB/s", Math.max(0, bytesPerSecond) / 1024);
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /**
     * Whether standard output is a terminal. Java 22 made {@link System#console()} return a console
     * even when output is redirected and added {@code Console.isTerminal()} to tell; it is called
     * reflectively because this code compiles for Java 21, where a non-null console is a terminal.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
