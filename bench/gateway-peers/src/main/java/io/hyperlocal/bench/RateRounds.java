package io.hyperlocal.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rounds of one fixed request rate against two held gateways, A then B, so that both meet the same
 * machine noise ({@code bench/side-by-side.sh --rate R}). A high rate on this 2-core machine is at the
 * edge of what it can do, and one run differs from the next by more than most changes do: only
 * alternated rounds show a change there. Each round is the open-loop step of {@link GatewayPeers}
 * ({@link LoadStep}, the 20 ms upstream model, up to {@link GatewayPeers#POOL} connections).
 *
 * <p>Usage: {@code RateRounds --rate R --seconds S --rounds N --warm-up REQUESTS --peer NAME URL PID KEY
 * --peer NAME URL PID KEY}. Prints one table row per round and peer: achieved rate, p50 to max, the
 * gateway process's CPU per request, and the whole machine's busy CPU per request (its PostgreSQL, the
 * upstream and this load generator included), then the medians.
 */
public final class RateRounds {
    private record Target(String name, GatewayPeers.Peer peer) {}

    private record Row(String name, double achieved, double p50, double p99, double p999, double max, double cpu,
            double machine) {}

    private RateRounds() {}

    public static void main(String[] args) throws Exception {
        double rate = 0;
        double seconds = 10;
        int rounds = 6;
        int warmUp = 20_000;
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                case "--peer" -> {
                    if (i + 4 >= args.length) {
                        usage("--peer takes NAME URL PID KEY");
                    }
                    String name = args[++i];
                    URI url = URI.create(args[++i]);
                    long pid = Long.parseLong(args[++i]);
                    String key = args[++i];
                    targets.add(new Target(name, new GatewayPeers.Peer(name, url, List.of(pid),
                            Map.of("Authorization", "Bearer " + key), 0)));
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (rate <= 0 || seconds <= 0 || rounds < 1 || warmUp < 0 || targets.isEmpty()) {
            usage("a rate and seconds above 0, at least 1 round, a warm-up of 0 or more, and at least one peer");
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
        try {
            new RateRounds().run(vertx, targets, rate, seconds, rounds, warmUp);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static void usage(String why) {
        System.err.println("RateRounds: " + why);
        System.err.println("usage: RateRounds --rate R --seconds S --rounds N --warm-up REQUESTS"
                + " --peer NAME URL PID KEY [--peer NAME URL PID KEY]");
        System.exit(2);
    }

    private void run(Vertx vertx, List<Target> targets, double rate, double seconds, int rounds, int warmUp)
            throws Exception {
        Context context = vertx.getOrCreateContext();
        List<HttpClient> clients = new ArrayList<>();
        for (Target target : targets) {
            clients.add(GatewayPeers.client(vertx, GatewayPeers.POOL));
        }
        System.out.printf(Locale.ROOT, "== warm-up: %,d requests through each, %d in flight%n", warmUp,
                GatewayPeers.WIDE);
        for (int t = 0; t < targets.size(); t++) {
            step(context, clients.get(t), targets.get(t), 0, warmUp);
        }
        System.out.printf(Locale.ROOT, "%nRounds of %.0f requests/s for %.0f s (upstream %s), one gateway after the"
                + " other; CPU: the gateway process's, and the whole machine's busy time, per answered request.%n%n",
                rate, seconds, GatewayPeers.RATE_MODEL);
        System.out.println("| round | gateway | achieved | p50 | p99 | p99.9 | max | CPU per request | machine per request |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int t = 0; t < targets.size(); t++) {
                long busyBefore = machineBusyTicks();
                LoadStep.Result result = step(context, clients.get(t), targets.get(t), rate,
                        (int) Math.round(rate * seconds));
                double machine = result.ok() == 0 ? Double.NaN
                        : (machineBusyTicks() - busyBefore) * 1e6 / ticksPerSecond() / result.ok();
                Row row = new Row(targets.get(t).name(), result.achievedRate(), GatewayPeers.ms(result.latency(), 50),
                        GatewayPeers.ms(result.latency(), 99), GatewayPeers.ms(result.latency(), 99.9),
                        result.latency().getMaxValue() / 1000.0, result.cpuMicrosPerRequest(), machine);
                rows.add(row);
                System.out.printf(Locale.ROOT, "| %d | %s | %.0f/s%s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.0f µs | %.0f µs |%n",
                        round, row.name(), row.achieved(), result.errors() > 0 ? " (" + result.errors() + " errors)" : "",
                        row.p50(), row.p99(), row.p999(), row.max(), row.cpu(), row.machine());
            }
        }
        System.out.println();
        for (Target target : targets) {
            List<Row> own = rows.stream().filter(row -> row.name().equals(target.name())).toList();
            System.out.printf(Locale.ROOT, "median over %d rounds, %s: achieved %.0f/s, p50 %.2f ms, p99 %.2f ms,"
                    + " p99.9 %.2f ms, CPU per request %.0f µs, machine per request %.0f µs%n", own.size(),
                    target.name(), median(own, Row::achieved), median(own, Row::p50), median(own, Row::p99),
                    median(own, Row::p999), median(own, Row::cpu), median(own, Row::machine));
        }
        clients.forEach(HttpClient::close);
    }

    private static LoadStep.Result step(Context context, HttpClient client, Target target, double rate, int planned)
            throws Exception {
        GatewayPeers.Peer peer = target.peer();
        RssSampler rss = new RssSampler(peer.pids());
        LoadStep.Result result = new LoadStep(context, client, GatewayPeers.options(peer),
                GatewayPeers.body(GatewayPeers.RATE_MODEL, false), false, rate, rate == 0 ? GatewayPeers.WIDE : 1,
                planned, TimeUnit.SECONDS.toNanos(15), peer.name(), rate == 0 ? "warm-up" : "rate", rss, null)
                .run().toCompletionStage().toCompletableFuture().get();
        if (result.ok() == 0) {
            throw new IllegalStateException(target.name() + " answered no request right: " + result.errorKinds());
        }
        // Let connections and timers settle between steps, as GatewayPeers does.
        Thread.sleep(500);
        return result;
    }

    private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> field) {
        double[] values = rows.stream().mapToDouble(field).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * Every CPU's busy time since boot, in clock ticks ({@code /proc/stat}): user, nice, system, irq and
     * softirq. Idle, I/O wait and steal (time the host gave to others) are not this machine's work.
     */
    private static long machineBusyTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) {
            busy += Long.parseLong(fields[i]);
        }
        return busy;
    }

    private static double ticksPerSecond() {
        // USER_HZ is 100 on every Linux configuration that /proc/<pid>/stat readers here assume (RssSampler).
        return 100;
    }
}
