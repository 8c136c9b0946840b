package io.hyperlocal.sim.cli;

import io.hyperlocal.sim.SimTime;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.run.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on stderr: a bar of simulated time redrawn in place on a terminal, plain lines every few
 * seconds otherwise (a pipe, a log file, {@code CI=true}). Reads the wall clock, which only ever
 * feeds this display and the events-per-second figure.
 */
final class TerminalProgress implements Progress {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
    private static final long BAR_EVERY_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean bar;
    private long started = -1;
    private long lastShown;
    private String policy = "";

    private TerminalProgress(PrintStream err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    static TerminalProgress forStream(PrintStream err) {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean terminal = System.console() != null && err == System.err;
        return new TerminalProgress(err, terminal && !ci);
    }

    @Override
    public void update(String runPolicy, long simulatedNanos, long totalNanos, long events) {
        long now = System.nanoTime();
        if (!runPolicy.equals(policy) || started < 0) {
            policy = runPolicy;
            started = now;
            lastShown = now;
        }
        if (now - lastShown < (bar ? BAR_EVERY_NANOS : PLAIN_EVERY_NANOS) && simulatedNanos < totalNanos) {
            return;
        }
        lastShown = now;
        double done = simulatedNanos / (double) totalNanos;
        double wall = (now - started) / 1e9;
        double rate = wall > 0 ? events / wall : 0;
        double eta = done > 0 ? wall * (1 - done) / done : 0;
        String clock = hhmm(simulatedNanos);
        if (bar) {
            int filled = (int) Math.round(done * WIDTH);
            err.printf(Locale.ROOT, "\r%-12s [%s%s] %5.1f%% sim %s  %,.0f events/s  ETA %s ", policy, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), done * 100, clock, rate, duration(eta));
        } else {
            err.printf(Locale.ROOT, "%s: %.1f%% simulated (%s), %,d events, %,.0f events/s, ETA %s%n", policy, done * 100,
                    clock, events, rate, duration(eta));
        }
        err.flush();
    }

    void finish(Summary summary) {
        if (bar) {
            err.print("\r" + " ".repeat(100) + "\r");
        }
        err.printf(Locale.ROOT, "%s: done in %.1f s (%.1f s CPU), %,d events (%,.0f events/s), peak heap %d MiB, live heap %d MiB%n",
                summary.policy(), summary.wallSeconds(), summary.cpuSeconds(), summary.events(), summary.eventsPerSecond(),
                summary.peakHeapBytes() >> 20, summary.liveHeapBytes() >> 20);
        started = -1;
    }

    private static String hhmm(long nanos) {
        long minutes = nanos / SimTime.MINUTE;
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
