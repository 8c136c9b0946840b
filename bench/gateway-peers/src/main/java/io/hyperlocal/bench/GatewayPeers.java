package io.hyperlocal.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway benchmark's driver: the same load against each peer (the fake upstream directly, then the
 * gateways in front of it), one after the other, then a table of what each adds over the direct calls.
 * Run by {@code bench/gateway-peers.sh}, which starts the peers; see bench/README.md for the workload
 * and the definitions.
 *
 * <pre>
 * GatewayPeers [--quick] [--rates 500,1000,2000,5000] [--seconds 10] [--rate-warm-up 5] [--out DIR]
 *     --peer direct --url http://127.0.0.1:9100/v1 [--pid N,N] [--database-pid N] [--header 'Name: value']...
 *     --peer ... | --unavailable 'name: why'
 *     [--stall-peer NAME]... [--stall-streams 2000] [--stall-seconds 60]
 * </pre>
 */
public final class GatewayPeers {
    /** A request is one user message; the answer's shape comes from the model name (see FakeUpstream). */
    static final String SERIAL_MODEL = "bench-l0-c16-i0";
    static final String SERIAL_STREAM_MODEL = "bench-l0-c10-i1";
    static final long RATE_LATENCY_MS = 20;
    static final String RATE_MODEL = "bench-l20-c16-i0";
    static final String RATE_STREAM_MODEL = "bench-l20-c10-i10";
    /** Sustained: every answer right, at least 99 % of the target rate, p99 at most this over the upstream's own. */
    static final long SUSTAINED_P99_BOUND_MS = 50;
    static final int POOL = 512;
    /** Connections, opened and closed in turn, that warm a peer up before its one-at-a-time steps: at least. */
    static final int WARM_CONNECTIONS = 4;
    /** ... and at most, for a peer whose CPU per request keeps falling. */
    static final int MAX_WARM_CONNECTIONS = 30;
    /** Warm-up rounds in a row without a new low of CPU per request (5 % under the best) that mean settled. */
    static final int SETTLED_ROUNDS = 3;
    /** In flight in the wide warm-up: 2,000 streams/s of 120 ms each, or 5,000 requests/s of 20 ms with a backlog. */
    static final int WIDE = 256;

    /** @param databasePid the postmaster of the peer's own PostgreSQL (Hyperlocal's embedded one); 0 for none */
    record Peer(String name, URI url, List<Long> pids, Map<String, String> headers, long databasePid) {
        /** Its database's processes; null for a peer without one. */
        ProcessTree database() {
            return databasePid > 0 ? new ProcessTree(databasePid) : null;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Peer> peers = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        List<String> stallPeers = new ArrayList<>();
        boolean quick = false;
        List<Double> rates = List.of(500.0, 1000.0, 2000.0, 5000.0);
        List<Double> streamRates = List.of(500.0, 1000.0, 2000.0);
        double seconds = -1;
        double rateWarmUp = Double.NaN;
        int serial = -1;
        int stallStreams = 2000;
        int stallSeconds = 60;
        Path out = Path.of("bench/results");
        String name = null;
        URI url = null;
        List<Long> pids = new ArrayList<>();
        long databasePid = 0;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--stream-rates" -> streamRates = java.util.Arrays.stream(args[++i].split(","))
                        .map(Double::valueOf).toList();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rate-warm-up" -> rateWarmUp = Double.parseDouble(args[++i]);
                case "--serial" -> serial = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--stall-peer" -> stallPeers.add(args[++i]);
                case "--stall-streams" -> stallStreams = Integer.parseInt(args[++i]);
                case "--stall-seconds" -> stallSeconds = Integer.parseInt(args[++i]);
                case "--unavailable" -> unavailable.add(args[++i]);
                case "--peer", "--end" -> {
                    if (name != null) {
                        peers.add(new Peer(name, url, List.copyOf(pids), Map.copyOf(headers), databasePid));
                    }
                    name = args[i].equals("--peer") ? args[++i] : null;
                    url = null;
                    pids.clear();
                    databasePid = 0;
                    headers.clear();
                }
                case "--url" -> url = URI.create(args[++i]);
                case "--database-pid" -> databasePid = Long.parseLong(args[++i].trim());
                case "--pid" -> {
                    for (String pid : args[++i].split(",")) {
                        if (!pid.isBlank()) {
                            pids.add(Long.valueOf(pid.trim()));
                        }
                    }
                }
                case "--header" -> {
                    String header = args[++i];
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (name != null) {
            peers.add(new Peer(name, url, List.copyOf(pids), Map.copyOf(headers), databasePid));
        }
        if (seconds < 0) {
            seconds = quick ? 3 : 10;
        }
        if (Double.isNaN(rateWarmUp)) {
            rateWarmUp = quick ? 2 : 5;
        } else if (rateWarmUp < 0) {
            throw new IllegalArgumentException("--rate-warm-up must be 0 or more seconds: " + rateWarmUp);
        }
        if (serial < 0) {
            serial = quick ? 1000 : 10_000;
        } else if (serial < 1000) {
            throw new IllegalArgumentException("--serial must be at least 1000 (a p99 of ten requests): " + serial);
        }
        // A stream one at a time lasts 10 ms: a tenth as many streams keeps the step about as long.
        Settings settings = new Settings(quick, rates, streamRates, seconds, rateWarmUp, serial, serial / 10,
                quick ? 3000 : 20000, stallStreams, stallSeconds);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        try {
            new GatewayPeers(vertx, settings, out).run(peers, unavailable, stallPeers);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** @param rateWarmUp seconds of unrecorded requests at each rate just before it is measured; 0 for none */
    record Settings(boolean quick, List<Double> rates, List<Double> streamRates, double seconds, double rateWarmUp,
            int serialRequests, int serialStreams, int warmupRequests, int stallStreams, int stallSeconds) {}

    private final Vertx vertx;
    private final Context context;
    private final Settings settings;
    private final Path out;
    private final Report report;
    /** The upstream called directly, when it is among the peers. */
    private Peer direct;

    GatewayPeers(Vertx vertx, Settings settings, Path out) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.out = out;
        this.report = new Report(settings);
    }

    void run(List<Peer> peers, List<String> unavailable, List<String> stallPeers) throws Exception {
        report.header(Instant.now().truncatedTo(ChronoUnit.SECONDS), cpuModel(), loadAverage());
        direct = peers.stream().filter(peer -> peer.name().equals(Report.DIRECT)).findFirst().orElse(null);
        for (Peer peer : peers) {
            measure(peer);
        }
        unavailable.forEach(report::unavailable);
        for (String stallPeer : stallPeers) {
            for (Peer peer : peers) {
                if (peer.name().equals(stallPeer)) {
                    stall(peer);
                }
            }
        }
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(out);
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        Files.writeString(out.resolve("gateway-peers-" + stamp + ".md"), markdown);
        Files.writeString(out.resolve("gateway-peers-" + stamp + ".csv"), report.csv());
        System.out.println("results: " + out.resolve("gateway-peers-" + stamp + ".md") + " and .csv");
    }

    private void measure(Peer peer) throws Exception {
        RssSampler rss = new RssSampler(peer.pids());
        long sampler = vertx.setPeriodic(250, ignored -> rss.sample());
        try {
            report.idleRss(peer.name(), rss.current());
            if (peer.database() != null) {
                report.idleDatabase(peer.name(), peer.database().pssKb());
            }
            HttpClient client = client(POOL);
            // JIT compilers need tens of thousands of requests before a JVM gateway runs its steady-state
            // code. Closed loop, so that a cold peer is not buried under a backlog that spoils the steps
            // after it (16 requests, 32 streams in flight). Every peer gets the same.
            step(peer, client, rss, "warm-up", RATE_MODEL, false, 0, 16, settings.warmupRequests(), false);
            step(peer, client, rss, "warm-up", RATE_STREAM_MODEL, true, 0, 32, settings.warmupRequests() / 5, false);
            HttpClient serial = client(1);
            // The tail is the machine's, and this machine's minutes differ: the direct baseline is measured
            // again just before each of the peer's steps, one at a time and at each rate, under the same
            // conditions, and the peer's added latency uses it.
            Peer baseline = direct != null && !peer.equals(direct)
                    ? new Peer(Report.DIRECT + "@" + peer.name(), direct.url(), direct.pids(), direct.headers(), 0)
                    : null;
            RssSampler directRss = baseline == null ? null : new RssSampler(direct.pids());
            if (baseline != null) {
                connectionWarmup(baseline, directRss);
                step(baseline, serial, directRss, "warm-up", SERIAL_MODEL, false, 0, 1, serialWarmup(), false);
                step(baseline, serial, directRss, "serial", SERIAL_MODEL, false, 0, 1, settings.serialRequests(), true);
                step(baseline, serial, directRss, "serial-stream", SERIAL_STREAM_MODEL, true, 0, 1,
                        settings.serialStreams(), true);
            }
            // One at a time right after the narrow warm-up and the baseline's seconds of idling, the first
            // second of requests met the JIT still compiling (per-request traces: most of the slow ones
            // fell there), so every peer, and the baseline, gets an unrecorded run of the same requests.
            connectionWarmup(peer, rss);
            step(peer, serial, rss, "warm-up", SERIAL_MODEL, false, 0, 1, serialWarmup(), false);
            step(peer, serial, rss, "serial", SERIAL_MODEL, false, 0, 1, settings.serialRequests(), true);
            step(peer, serial, rss, "serial-stream", SERIAL_STREAM_MODEL, true, 0, 1, settings.serialStreams(), true);
            serial.close();
            // Then as wide as the highest rates get (WIDE in flight), just before them, so that connection
            // pools, buffers, the heap and the compiled code are those of a high rate when it is measured.
            // Right after the one-at-a-time steps instead, Hyperlocal's first high rate stalled once
            // (4,000/s: p99 340 to 510 ms in three runs; 35 ms when it followed the wide warm-up).
            step(peer, client, rss, "warm-up", RATE_MODEL, false, 0, WIDE, settings.warmupRequests(), false);
            step(peer, client, rss, "warm-up", RATE_STREAM_MODEL, true, 0, WIDE, settings.warmupRequests() / 5, false);
            HttpClient directClient = baseline == null ? null : client(POOL);
            ladder(peer, client, rss, baseline, directClient, directRss, "rate", RATE_MODEL, false, settings.rates());
            ladder(peer, client, rss, baseline, directClient, directRss, "rate-stream", RATE_STREAM_MODEL, true,
                    settings.streamRates());
            client.close();
            if (directClient != null) {
                directClient.close();
            }
        } finally {
            vertx.cancelTimer(sampler);
        }
    }

    /**
     * One-at-a-time requests over {@link #WARM_CONNECTIONS} connections in turn, each closed after its
     * share, before the one a one-at-a-time step is measured on. After long-lived connections only, a
     * new one made a JVM's JIT throw away the event loop's compiled read, flush and select code and
     * compile it again for about 3 s, over the measured requests (Hyperlocal's JIT log: "made not
     * entrant: uncommon trap"); after several, it did not. A gateway in service sees connections come
     * and go all the time.
     *
     * <p>Rounds go on until the peer's CPU per request has stopped falling: {@link #SETTLED_ROUNDS}
     * rounds in a row without a new low (5 % under the best so far), at least
     * {@link #WARM_CONNECTIONS} and at most {@link #MAX_WARM_CONNECTIONS} rounds. After 34,000 warm-up
     * requests Hyperlocal's CPU per request still fell by a fifth from one round of 2,000 to the next,
     * with its JIT compilers busy, so its one-at-a-time step measured a JIT at work, more in one run than
     * in the next (144 against 219 us for the same build); held one at a time, it settled after about
     * 60,000 to 70,000. Every peer, and the direct baseline, gets the same rule.
     */
    private void connectionWarmup(Peer peer, RssSampler rss) throws Exception {
        double best = Double.MAX_VALUE;
        int withoutNewLow = 0;
        for (int i = 0; i < MAX_WARM_CONNECTIONS; i++) {
            HttpClient once = client(1);
            double cpu;
            try {
                cpu = step(peer, once, rss, "warm-up", SERIAL_MODEL, false, 0, 1, serialWarmup(), false)
                        .cpuMicrosPerRequest();
            } finally {
                once.close().toCompletionStage().toCompletableFuture().get();
            }
            if (cpu > 0 && cpu < best * 0.95) {
                best = cpu;
                withoutNewLow = 0;
            } else {
                withoutNewLow++;
            }
            if (i + 1 >= WARM_CONNECTIONS && withoutNewLow >= SETTLED_ROUNDS) {
                return;
            }
        }
    }

    /** Unrecorded one-at-a-time requests before a recorded one-at-a-time step. */
    private int serialWarmup() {
        return Math.min(2000, settings.serialRequests() / 5);
    }

    /**
     * The rates in increasing order; once a peer falls far behind (under 90 % of a rate, or more than 1 %
     * errors), the higher rates are not tried: they would only pile up a backlog that spoils the next steps.
     *
     * <p>Each rate is first sent for {@code rateWarmUp} seconds unrecorded, then measured: a rate's own mix
     * of connections, timers and backlog is met only at that rate. Hyperlocal's JIT log over a 20 s round
     * at 4,000/s, right after 60,000 requests of closed-loop warm-up: C2 compiled 118 methods, 56
     * compiled ones were thrown away (uncommon traps), and C2 took 27 % of the gateway's CPU. With 5 s
     * unrecorded at each rate, fresh gateways alternated, the 5,000/s step's p99 was 265, 274 and 288 ms
     * against 484, 1,615 and 367 ms without. Every peer gets the same.
     *
     * <p>With a {@code baseline}, the direct call is measured at the rate, with its own unrecorded
     * seconds, just before the peer: a single direct run measured long before gave one rate a p99.9
     * 14 ms above the others, and every peer's added p99.9 at that rate 14 ms too low.
     */
    private void ladder(Peer peer, HttpClient client, RssSampler rss, Peer baseline, HttpClient directClient,
            RssSampler directRss, String mode, String model, boolean stream, List<Double> rates) throws Exception {
        String failedAt = null;
        for (double rate : rates) {
            if (failedAt != null) {
                report.skipped(peer.name(), mode, rate, failedAt);
                continue;
            }
            if (baseline != null) {
                if (settings.rateWarmUp() > 0) {
                    step(baseline, directClient, directRss, "warm-up", model, stream, rate, 1, settings.rateWarmUp(),
                            false);
                }
                step(baseline, directClient, directRss, mode, model, stream, rate, 1, settings.seconds(), true);
            }
            if (settings.rateWarmUp() > 0) {
                step(peer, client, rss, "warm-up", model, stream, rate, 1, settings.rateWarmUp(), false);
            }
            LoadStep.Result result = step(peer, client, rss, mode, model, stream, rate, 1, settings.seconds(), true);
            if (result.achievedRate() < 0.9 * rate || result.errors() > 0.01 * result.planned()) {
                failedAt = String.format(java.util.Locale.ROOT, "not tried: %.0f rps gave %.0f rps with %d errors",
                        rate, result.achievedRate(), result.errors());
            }
        }
    }

    /** For the rate steps, {@code amount} is seconds; for the closed-loop ones ({@code rate} 0), requests. */
    private LoadStep.Result step(Peer peer, HttpClient client, RssSampler rss, String mode, String model, boolean stream,
            double rate, int concurrency, double amount, boolean record) throws Exception {
        int planned = rate == 0 ? (int) amount : (int) Math.round(rate * amount);
        long drain = TimeUnit.SECONDS.toNanos(15);
        LoadStep.Result result = new LoadStep(context, client, options(peer), body(model, stream), stream, rate,
                concurrency, planned, drain, peer.name(), mode, rss,
                peer.database())
                .run().toCompletionStage().toCompletableFuture().get();
        String load = loadAverage();
        System.out.printf("%-10s %-13s %6s rps  %6d ok %5d errors  achieved %8.1f/s  p50 %8.2f ms  p99 %8.2f ms"
                + "  p99.9 %8.2f ms%s  rss %6.1f MiB  cpu %5.0f us/req  load %s%n", peer.name(), mode, rate == 0 ? (concurrency == 1 ? "serial" : "c" + concurrency) : (long) rate,
                result.ok(), result.errors(), result.achievedRate(), ms(result.latency(), 50), ms(result.latency(), 99),
                ms(result.latency(), 99.9), stream ? String.format("  ttft p99 %7.2f ms", ms(result.firstChunk(), 99))
                        : "", result.maxRssKb() / 1024.0, result.cpuMicrosPerRequest(), load);
        if (!result.errorKinds().isEmpty()) {
            System.out.println("           errors: " + result.errorKinds());
        }
        if (record) {
            report.add(result, load);
        }
        // Let connections and timers settle between steps.
        Thread.sleep(500);
        return result;
    }

    private void stall(Peer peer) throws Exception {
        RssSampler rss = new RssSampler(peer.pids());
        long sampler = vertx.setPeriodic(250, ignored -> rss.sample());
        try {
            long interval = 150;
            long chunks = settings.stallSeconds() * 1000L / interval;
            String model = "bench-l0-c" + chunks + "-i" + interval;
            double rampSeconds = 10;
            double rate = settings.stallStreams() / rampSeconds;
            HttpClient client = client(settings.stallStreams() + 64);
            long before = rss.current();
            LoadStep.Result result = new LoadStep(context, client, options(peer), body(model, true), true, rate, 1,
                    settings.stallStreams(), TimeUnit.SECONDS.toNanos(settings.stallSeconds() + 60), peer.name(),
                    "hold", rss, peer.database())
                    .run().toCompletionStage().toCompletableFuture().get();
            String load = loadAverage();
            System.out.printf("%-10s hold %d streams x %d s: %d ok, %d errors, %d chunks, %.0f chunks/s, %d stalls,"
                    + " max gap %.0f ms, rss %.1f -> %.1f MiB, load %s%n", peer.name(), settings.stallStreams(),
                    settings.stallSeconds(), result.ok(), result.errors(), result.chunks(), result.chunksPerSecond(),
                    result.stalls(), result.gaps().getMaxValue() / 1000.0, before / 1024.0, result.maxRssKb() / 1024.0,
                    load);
            if (!result.errorKinds().isEmpty()) {
                System.out.println("           errors: " + result.errorKinds());
            }
            report.stall(result, before, settings.stallSeconds(), interval, load);
            client.close();
        } finally {
            vertx.cancelTimer(sampler);
        }
    }

    private HttpClient client(int pool) {
        return client(vertx, pool);
    }

    static HttpClient client(Vertx vertx, int pool) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setKeepAliveTimeout(120), new PoolOptions().setHttp1MaxSize(pool));
    }

    static RequestOptions options(Peer peer) {
        URI url = peer.url();
        return LoadStep.post(url.getHost(), url.getPort(), url.getPath() + "/chat/completions", peer.headers());
    }

    static Buffer body(String model, boolean stream) {
        return Buffer.buffer("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Tell me a very short story about a lighthouse.\"}],\"max_tokens\":1000,\"stream\":" + stream + "}");
    }

    static double ms(org.HdrHistogram.Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * The processor's name from /proc/cpuinfo, else the architecture. Build machines change between
     * sessions, and a run's microseconds compare only with runs on the same processor.
     */
    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
