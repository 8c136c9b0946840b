package io.hyperlocal.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The tables: latency added over the direct calls at the same step (a gateway's percentile minus the
 * direct percentile), the highest sustained rate, CPU and resident memory (and those of a gateway's own
 * database), and the long-stream test.
 */
final class Report {
    private static final double[] PERCENTILES = {50, 99, 99.9};
    static final String DIRECT = "direct";

    private record Row(LoadStep.Result result, String load) {}

    private record StallRow(LoadStep.Result result, long rssBeforeKb, int seconds, long intervalMs, String load) {}

    private final GatewayPeers.Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private final List<StallRow> stalls = new ArrayList<>();
    private final Map<String, Long> idleRss = new LinkedHashMap<>();
    private final Map<String, Long> idleDatabase = new LinkedHashMap<>();
    private final List<String> unavailable = new ArrayList<>();
    private final List<String[]> skipped = new ArrayList<>();
    private Instant date;
    private String cpu = "?";
    private String loadBefore;

    Report(GatewayPeers.Settings settings) {
        this.settings = settings;
    }

    void header(Instant date, String cpu, String load) {
        this.date = date;
        this.cpu = cpu;
        this.loadBefore = load;
    }

    void idleRss(String peer, long kb) {
        idleRss.put(peer, kb);
    }

    void idleDatabase(String peer, long pssKb) {
        idleDatabase.put(peer, pssKb);
    }

    void add(LoadStep.Result result, String load) {
        rows.add(new Row(result, load));
    }

    void skipped(String peer, String mode, double rate, String why) {
        skipped.add(new String[] {peer, mode, String.format(Locale.ROOT, "%.0f", rate), why});
    }

    private void skippedRows(StringBuilder md, String mode, int columns) {
        for (String[] s : skipped) {
            if (s[1].equals(mode)) {
                md.append("| ").append(s[0]).append(" | ").append(s[2]).append(" | ").append(s[3])
                        .append(" |".repeat(columns - 2)).append("\n");
            }
        }
    }

    void unavailable(String why) {
        unavailable.add(why);
    }

    void stall(LoadStep.Result result, long rssBeforeKb, int seconds, long intervalMs, String load) {
        stalls.add(new StallRow(result, rssBeforeKb, seconds, intervalMs, load));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Gateway peers, %s, %d CPUs (%s), load average before %s%s%n%n", date,
                Runtime.getRuntime().availableProcessors(), cpu, loadBefore, settings.quick() ? " (--quick)" : ""));
        md.append(String.format(Locale.ROOT, "Upstream: the fake OpenAI server; one at a time: %s (no latency, 16 "
                + "tokens) and %s (streamed, 10 chunks 1 ms apart); at fixed rates: %s (20 ms, 16 tokens) and %s "
                + "(streamed, 10 chunks, the first at 20 ms, then 10 ms apart), %.0f s per rate%s; %d and %d requests "
                + "one at a time. Added = the peer's percentile minus the direct call's at the same step, measured just "
                + "before the peer's (`direct@peer`). CPU per request: the peer's processes; DB: Hyperlocal's embedded "
                + "PostgreSQL (postmaster, its children and their reaped children), whose memory is its proportional "
                + "set size (shared buffers counted once).%n%n",
                GatewayPeers.SERIAL_MODEL, GatewayPeers.SERIAL_STREAM_MODEL, GatewayPeers.RATE_MODEL,
                GatewayPeers.RATE_STREAM_MODEL, settings.seconds(), settings.rateWarmUp() > 0
                        ? String.format(Locale.ROOT, " after %.0f s unrecorded at it", settings.rateWarmUp()) : "",
                settings.serialRequests(),
                settings.serialStreams()));
        for (String why : unavailable) {
            md.append("Not measured: ").append(why).append("\n\n");
        }
        md.append("### One request at a time\n\n");
        md.append("| peer | mode | requests | p50 | p99 | p99.9 | added p50 | added p99 | added p99.9 | CPU per request "
                + "| DB CPU per request |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            LoadStep.Result r = row.result();
            if (!r.mode().startsWith("serial")) {
                continue;
            }
            Histogram h = r.mode().equals("serial") ? r.latency() : r.firstChunk();
            Histogram base = baseline(r).map(b -> r.mode().equals("serial") ? b.latency() : b.firstChunk()).orElse(null);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d ok, %d errors | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.peer(), r.mode().equals("serial") ? "whole answer" : "first chunk", r.ok(), r.errors(),
                    ms(h, 50), ms(h, 99), ms(h, 99.9), added(h, base, 50), added(h, base, 99), added(h, base, 99.9),
                    cpu(r), databaseCpu(r)));
        }
        md.append("\n### Fixed rates, not streamed (latency to the whole answer)\n\n");
        md.append("| peer | target rps | achieved rps | errors | p50 | p99 | p99.9 | added p50 | added p99 | added p99.9 "
                + "| CPU per request | DB CPU per request | RSS max | load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            LoadStep.Result r = row.result();
            if (!r.mode().equals("rate")) {
                continue;
            }
            Histogram base = baseline(r).map(LoadStep.Result::latency).orElse(null);
            Histogram h = r.latency();
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.peer(), r.targetRate(), r.achievedRate(), r.errors(), ms(h, 50), ms(h, 99), ms(h, 99.9),
                    added(h, base, 50), added(h, base, 99), added(h, base, 99.9), cpu(r), databaseCpu(r),
                    mib(r.maxRssKb()), row.load()));
        }
        skippedRows(md, "rate", 14);
        md.append("\n### Fixed rates, streamed (time to first chunk; per chunk = added mean time from the first chunk "
                + "to the stream's end, per gap between chunks)\n\n");
        md.append("| peer | target rps | achieved rps | errors | TTFT p50 | TTFT p99 | TTFT p99.9 | added p50 | added p99 "
                + "| added p99.9 | per chunk | chunks/s | CPU per request | DB CPU per request | RSS max | load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            LoadStep.Result r = row.result();
            if (!r.mode().equals("rate-stream")) {
                continue;
            }
            Histogram base = baseline(r).map(LoadStep.Result::firstChunk).orElse(null);
            Histogram h = r.firstChunk();
            md.append(String.format(Locale.ROOT,
                    "| %s | %.0f | %.0f | %d | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s |%n", r.peer(),
                    r.targetRate(), r.achievedRate(), r.errors(), ms(h, 50), ms(h, 99), ms(h, 99.9), added(h, base, 50),
                    added(h, base, 99), added(h, base, 99.9), perChunk(r, baseline(r).orElse(null)),
                    r.chunksPerSecond(), cpu(r), databaseCpu(r), mib(r.maxRssKb()), row.load()));
        }
        skippedRows(md, "rate-stream", 16);
        md.append(String.format(Locale.ROOT, "%n### Summary%n%nSustained: no error, achieved at least 99 %% of the "
                + "target, p99 (whole answer, or first chunk when streamed) at most %d ms over the upstream's %d ms.%n%n",
                GatewayPeers.SUSTAINED_P99_BOUND_MS, GatewayPeers.RATE_LATENCY_MS));
        md.append("| peer | added p99 one at a time | ÷ nginx's | Portkey's ÷ this | added TTFT p99 one at a time, "
                + "streamed | ÷ nginx's | Portkey's ÷ this | highest sustained rps (not streamed) "
                + "| highest sustained rps (streamed) | RSS idle | RSS max under load | DB memory idle / max (PSS) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Double nginx = addedSerialP99("nginx");
        Double portkey = addedSerialP99("portkey");
        Double nginxFirstChunk = addedSerialFirstChunkP99("nginx");
        Double portkeyFirstChunk = addedSerialFirstChunkP99("portkey");
        for (String peer : peers()) {
            Double added = addedSerialP99(peer);
            Double addedFirstChunk = addedSerialFirstChunkP99(peer);
            long maxRss = rows.stream().filter(r -> r.result().peer().equals(peer))
                    .mapToLong(r -> r.result().maxRssKb()).max().orElse(0);
            long maxDatabase = rows.stream().filter(r -> r.result().peer().equals(peer))
                    .mapToLong(r -> r.result().databasePssKb()).max().orElse(0);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", peer,
                    addedMs(added), ratio(peer, added, nginx), ratio(peer, portkey, added), addedMs(addedFirstChunk),
                    ratio(peer, addedFirstChunk, nginxFirstChunk), ratio(peer, portkeyFirstChunk, addedFirstChunk),
                    sustained(peer, "rate"), sustained(peer, "rate-stream"), mib(idleRss.getOrDefault(peer, 0L)),
                    mib(maxRss), idleDatabase.containsKey(peer)
                            ? mib(idleDatabase.get(peer)) + " / " + mib(maxDatabase) : "n/a"));
        }
        if (!stalls.isEmpty()) {
            md.append("\n### Long streams held open\n\n");
            md.append("| peer | streams | upstream | ok | errors | chunks | chunks/s | stalls (gap > 1 s) | max gap "
                    + "| gap p99.9 | RSS before | RSS max | load after |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (StallRow s : stalls) {
                LoadStep.Result r = s.result();
                md.append(String.format(Locale.ROOT,
                        "| %s | %d | a chunk every %d ms for %d s | %d | %d | %d | %.0f | %d | %s | %s | %s | %s | %s |%n",
                        r.peer(), r.planned(), s.intervalMs(), s.seconds(), r.ok(), r.errors(), r.chunks(),
                        r.chunksPerSecond(), r.stalls(), ms(r.gaps(), 100), ms(r.gaps(), 99.9), mib(s.rssBeforeKb()),
                        mib(r.maxRssKb()), s.load()));
            }
        }
        return md.toString();
    }

    String csv() {
        StringBuilder csv = new StringBuilder("peer,mode,target_rps,planned,ok,errors,achieved_rps,p50_ms,p99_ms,"
                + "p999_ms,max_ms,ttft_p50_ms,ttft_p99_ms,ttft_p999_ms,chunks,chunks_per_s,stalls,max_gap_ms,"
                + "rss_max_kib,cpu_us_per_request,db_cpu_us_per_request,db_pss_kib,load\n");
        List<Row> all = new ArrayList<>(rows);
        stalls.forEach(s -> all.add(new Row(s.result(), s.load())));
        for (Row row : all) {
            LoadStep.Result r = row.result();
            csv.append(String.format(Locale.ROOT, "%s,%s,%.0f,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%.0f,%d,"
                    + "%.3f,%d,%.0f,%.0f,%d,%s%n", r.peer(), r.mode(), r.targetRate(), r.planned(), r.ok(), r.errors(),
                    r.achievedRate(), GatewayPeers.ms(r.latency(), 50), GatewayPeers.ms(r.latency(), 99),
                    GatewayPeers.ms(r.latency(), 99.9), GatewayPeers.ms(r.latency(), 100),
                    GatewayPeers.ms(r.firstChunk(), 50), GatewayPeers.ms(r.firstChunk(), 99),
                    GatewayPeers.ms(r.firstChunk(), 99.9), r.chunks(), r.chunksPerSecond(), r.stalls(),
                    GatewayPeers.ms(r.gaps(), 100), r.maxRssKb(), r.cpuMicrosPerRequest(),
                    r.databaseCpuMicrosPerRequest(), r.databasePssKb(), row.load()));
        }
        return csv.toString();
    }

    private List<String> peers() {
        return rows.stream().map(r -> r.result().peer()).filter(peer -> !peer.startsWith(DIRECT + "@")).distinct()
                .toList();
    }

    /** The direct call at the same step: the one measured just before this peer's, else the direct peer's own. */
    java.util.Optional<LoadStep.Result> baseline(LoadStep.Result r) {
        if (r.peer().startsWith(DIRECT + "@")) {
            return java.util.Optional.of(r);
        }
        java.util.Optional<LoadStep.Result> next = rows.stream().map(Row::result)
                .filter(b -> b.peer().equals(DIRECT + "@" + r.peer()) && b.mode().equals(r.mode())
                        && b.targetRate() == r.targetRate())
                .findFirst();
        if (next.isPresent()) {
            return next;
        }
        return rows.stream().map(Row::result)
                .filter(b -> b.peer().equals(DIRECT) && b.mode().equals(r.mode()) && b.targetRate() == r.targetRate())
                .findFirst();
    }

    /** The added p99 one at a time in ms; null when either side answered nothing right. */
    Double addedSerialP99(String peer) {
        return addedP99(peer, "serial", LoadStep.Result::latency);
    }

    /** The added p99 of the first chunk, streams one at a time, in ms; null when either side streamed nothing right. */
    Double addedSerialFirstChunkP99(String peer) {
        return addedP99(peer, "serial-stream", LoadStep.Result::firstChunk);
    }

    private Double addedP99(String peer, String mode, Function<LoadStep.Result, Histogram> of) {
        return rows.stream().map(Row::result).filter(r -> r.peer().equals(peer) && r.mode().equals(mode))
                .findFirst().flatMap(r -> baseline(r).map(b -> GatewayPeers.ms(of.apply(r), 99)
                        - GatewayPeers.ms(of.apply(b), 99)))
                .filter(added -> !added.isNaN())
                .orElse(null);
    }

    private static String addedMs(Double added) {
        return added == null ? "n/a" : String.format(Locale.ROOT, "%.3f ms", added);
    }

    /** numerator ÷ denominator, "n/a" for the direct call itself, a missing side or a denominator at or below 0. */
    private static String ratio(String peer, Double numerator, Double denominator) {
        return numerator == null || denominator == null || denominator <= 0 || peer.equals(DIRECT) ? "n/a"
                : String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }

    private String sustained(String peer, String mode) {
        double best = 0;
        double highest = 0;
        boolean any = false;
        for (Row row : rows) {
            LoadStep.Result r = row.result();
            if (!r.peer().equals(peer) || !r.mode().equals(mode)) {
                continue;
            }
            any = true;
            highest = Math.max(highest, r.targetRate());
            Histogram h = mode.equals("rate") ? r.latency() : r.firstChunk();
            boolean held = r.errors() == 0 && r.achievedRate() >= 0.99 * r.targetRate()
                    && GatewayPeers.ms(h, 99) <= GatewayPeers.RATE_LATENCY_MS + GatewayPeers.SUSTAINED_P99_BOUND_MS;
            if (held) {
                best = Math.max(best, r.targetRate());
            }
        }
        if (!any) {
            return "n/a";
        }
        if (best == 0) {
            return "below the lowest rate tried";
        }
        return (best == highest ? ">= " : "") + String.format(Locale.ROOT, "%.0f", best);
    }

    private static String perChunk(LoadStep.Result r, LoadStep.Result base) {
        if (r.ok() == 0 || r.chunks() == 0) {
            return "n/a";
        }
        double gapsPerStream = (double) r.chunks() / r.ok() - 1;
        if (gapsPerStream <= 0) {
            return "n/a";
        }
        double span = (r.latency().getMean() - r.firstChunk().getMean()) / gapsPerStream;
        if (base == null || base.ok() == 0) {
            return String.format(Locale.ROOT, "%.0f µs per gap", span);
        }
        double baseGaps = (double) base.chunks() / base.ok() - 1;
        double baseSpan = (base.latency().getMean() - base.firstChunk().getMean()) / baseGaps;
        return String.format(Locale.ROOT, "%+.0f µs", span - baseSpan);
    }

    private static String ms(Histogram h, double percentile) {
        double value = GatewayPeers.ms(h, percentile);
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", value);
    }

    private static String added(Histogram h, Histogram base, double percentile) {
        if (base == null || h.getTotalCount() == 0 || base.getTotalCount() == 0) {
            return "n/a";
        }
        double value = GatewayPeers.ms(h, percentile) - GatewayPeers.ms(base, percentile);
        return String.format(Locale.ROOT, "%+.3f ms", value);
    }

    /** The peer's own CPU time per request (for direct: the fake upstream's). */
    private static String cpu(LoadStep.Result r) {
        double micros = r.cpuMicrosPerRequest();
        return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    /** The peer's database's CPU time per request; n/a for peers without one. */
    private static String databaseCpu(LoadStep.Result r) {
        double micros = r.databaseCpuMicrosPerRequest();
        return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    private static String mib(long kb) {
        return kb == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }
}
