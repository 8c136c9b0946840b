package io.hyperlocal.server.subscribers;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Shows an import on standard error: on a terminal, one line redrawn at most ten times a second with
 * percentage, rows, rows per second and time left; elsewhere (a log, CI) a plain line at every tenth
 * of the file. The line itself is {@link #render}, a pure function.
 */
public final class ImportProgress implements ImportListener {
    private static final long REDRAW_NANOS = 100_000_000;
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastDrawNanos = Long.MIN_VALUE;
    private long lastTenth = -1;
    private int lineLength;

    public ImportProgress(PrintStream out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    ImportProgress(PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out is null");
        this.interactive = interactive;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void reading(long rows, long bytesRead, long totalBytes) {
        long now = nanoClock.getAsLong();
        double seconds = (now - startNanos) / 1e9;
        boolean finished = bytesRead >= totalBytes;
        if (interactive) {
            if (finished || lastDrawNanos == Long.MIN_VALUE || now - lastDrawNanos >= REDRAW_NANOS) {
                String text = render(rows, bytesRead, totalBytes, seconds);
                // Spaces wipe what is left of a longer previous line.
                out.print("\r" + text + " ".repeat(Math.max(0, lineLength - text.length())));
                out.flush();
                lineLength = text.length();
                lastDrawNanos = now;
            }
            return;
        }
        long tenth = totalBytes <= 0 ? 10 : bytesRead * 10 / totalBytes;
        if (tenth > lastTenth) {
            out.println(render(rows, bytesRead, totalBytes, seconds));
            lastTenth = tenth;
        }
    }

    @Override
    public void step(String description) {
        if (lineLength > 0) {
            out.println();
            lineLength = 0;
        }
        out.println(description + " ...");
    }

    /**
     * One progress line, for example {@code Reading  45% [#########-----------]  450,000 rows  98,000 rows/s  ETA 0:06}.
     *
     * @param seconds since the import started; the speed and the time left come from it
     */
    public static String render(long rows, long bytesRead, long totalBytes, double seconds) {
        long shown = Math.min(bytesRead, Math.max(totalBytes, 0));
        int percent = totalBytes <= 0 ? 100 : (int) (shown * 100 / totalBytes);
        int filled = totalBytes <= 0 ? BAR_WIDTH : (int) (shown * BAR_WIDTH / totalBytes);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        double rate = seconds > 0 ? rows / seconds : 0;
        String eta = "--:--";
        if (shown > 0 && seconds > 0) {
            double left = seconds * (totalBytes - shown) / shown;
            eta = duration((long) Math.ceil(left));
        }
        return String.format(Locale.ROOT, "Reading %3d%% [%s]  %,d rows  %,.0f rows/s  ETA %s", percent, bar, rows,
                rate, eta);
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
