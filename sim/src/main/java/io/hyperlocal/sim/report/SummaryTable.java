package io.hyperlocal.sim.report;

import java.util.List;
import java.util.Locale;

/** The policies side by side as a plain-text table, one column per policy. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String render(List<Summary> summaries) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows(summaries)) {
            out.append(String.format(Locale.ROOT, "%-24s", row.getFirst()));
            for (String cell : row.subList(1, row.size())) {
                out.append(String.format(Locale.ROOT, " %20s", cell));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The table as rows of cells, the label first; the first row names the policies. */
    public static List<List<String>> rows(List<Summary> summaries) {
        List<List<String>> out = new java.util.ArrayList<>();
        row(out, "policy", summaries.stream().map(Summary::policy).toList());
        row(out, "requests", summaries.stream().map(s -> count(s.requests())).toList());
        row(out, "completed", summaries.stream().map(s -> count(s.completed())).toList());
        row(out, "failed", summaries.stream().map(s -> count(s.failed())).toList());
        row(out, "migrated", summaries.stream().map(s -> count(s.migrated())).toList());
        row(out, "unfinished at the end", summaries.stream().map(s -> count(s.unfinished())).toList());
        row(out, "too long, not sent", summaries.stream().map(s -> count(s.tooLong())).toList());
        // Latencies of no completed request are unknown, not 0.
        row(out, "TTFT p50/p90/p99 ms", summaries.stream().map(s -> s.completed() == 0 ? NONE : triple(s.ttft())).toList());
        row(out, "ITL p50/p90/p99 ms", summaries.stream().map(s -> s.completed() == 0 ? NONE : triple(s.itl())).toList());
        row(out, "E2E p50/p90/p99 s", summaries.stream().map(s -> s.completed() == 0 ? NONE : String.format(Locale.ROOT,
                "%.1f/%.1f/%.1f", s.e2e().p50() / 1000, s.e2e().p90() / 1000, s.e2e().p99() / 1000)).toList());
        row(out, "SLO attainment", summaries.stream().map(s -> s.completed() == 0 ? NONE : percent(s.sloAttainment())).toList());
        row(out, "goodput req/s", summaries.stream().map(s -> decimal(s.goodputPerSecond())).toList());
        row(out, "output tokens/s", summaries.stream().map(s -> decimal(s.outputTokensPerSecond())).toList());
        row(out, "prefix hit rate", summaries.stream().map(s -> percent(s.prefixHitRate())).toList());
        row(out, "residency violations", summaries.stream().map(s -> count(s.residencyViolations())).toList());
        row(out, "cross-site (share)", summaries.stream()
                .map(s -> count(s.crossSite()) + " (" + percent(s.crossSiteShare()) + ")").toList());
        row(out, "preemptions", summaries.stream().map(s -> count(s.preemptions())).toList());
        row(out, "GPU-h busy/provisioned", summaries.stream().map(s -> String.format(Locale.ROOT,
                s.gpuHoursProvisioned() < 100 ? "%.2f/%.2f" : "%.0f/%.0f", s.gpuHoursBusy(), s.gpuHoursProvisioned())).toList());
        row(out, "events", summaries.stream().map(s -> count(s.events())).toList());
        row(out, "wall s", summaries.stream().map(s -> decimal(s.wallSeconds())).toList());
        row(out, "CPU s (simulation thread)", summaries.stream().map(s -> decimal(s.cpuSeconds())).toList());
        row(out, "events/s", summaries.stream().map(s -> count(Math.round(s.eventsPerSecond()))).toList());
        row(out, "peak heap MiB", summaries.stream().map(s -> count(s.peakHeapBytes() >> 20)).toList());
        row(out, "live heap after GC MiB", summaries.stream().map(s -> count(s.liveHeapBytes() >> 20)).toList());
        return out;
    }

    private static void row(List<List<String>> out, String label, List<String> cells) {
        List<String> row = new java.util.ArrayList<>();
        row.add(label);
        row.addAll(cells);
        out.add(row);
    }

    private static final String NONE = "n/a";

    /** A run's simulated length in the unit that reads best: 24.0 hours, 20.0 minutes, 30.0 seconds. */
    public static String simulatedTime(java.time.Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%.1f hours", seconds / 3600);
        }
        return seconds >= 60 ? String.format(Locale.ROOT, "%.1f minutes", seconds / 60)
                : String.format(Locale.ROOT, "%.1f seconds", seconds);
    }

    static String triple(Percentiles p) {
        return String.format(Locale.ROOT, "%s/%s/%s", millis(p.p50()), millis(p.p90()), millis(p.p99()));
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
