package io.hyperlocal.server.cli;

import io.hyperlocal.server.bench.GatewayOverheadBenchmark;
import io.hyperlocal.server.bench.LedgerIngestBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./hyperlocal bench gateway}: starts the platform on a throw-away data directory and measures
 * what the gateway costs against llama.cpp called directly in the same JVM (see
 * {@link GatewayOverheadBenchmark}).
 */
final class BenchCommand {
    private BenchCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args,
                Set.of("models-dir", "rounds", "max-tokens", "records", "batch-size", "threads", "ids",
                        "subjects"));
        if (arguments.positional().size() != 1
                || !Set.of("gateway", "ledger").contains(arguments.positional().get(0))) {
            throw new Arguments.UsageException("'bench' takes one benchmark name: gateway or ledger");
        }
        if (arguments.positional().get(0).equals("ledger")) {
            return ledger(arguments, out);
        }
        Settings settings = new Settings(arguments, System.getenv());
        Path modelsDir = settings.path("models-dir", "hyperlocal.models.dir", Settings.home().resolve("models"));
        System.setProperty(GatewayOverheadBenchmark.ROUNDS, arguments.option("rounds").orElse("20"));
        System.setProperty(GatewayOverheadBenchmark.MAX_TOKENS, arguments.option("max-tokens").orElse("256"));
        Path dataDir = temporaryDirectory();
        try {
            return UpCommand.launch(GatewayOverheadBenchmark.class, settings, freePort(), dataDir, modelsDir, out, err);
        } finally {
            delete(dataDir);
        }
    }

    /** {@code bench ledger}: plain Java on a throw-away embedded PostgreSQL, no Quarkus. */
    private static int ledger(Arguments arguments, PrintStream out) {
        // Options first, so that a bad one is a usage error rather than a failed benchmark.
        int records = positive(arguments, "records", 200_000);
        int batchSize = positive(arguments, "batch-size", 1000);
        int threads = positive(arguments, "threads", 8);
        LedgerIngestBenchmark.Workload workload = new LedgerIngestBenchmark.Workload(records, batchSize, threads,
                ids(arguments), positive(arguments, "subjects", 6));
        Path dataDir = temporaryDirectory();
        try {
            return LedgerIngestBenchmark.run(dataDir, workload, out);
        } catch (Exception e) {
            throw new IllegalStateException("The ledger benchmark failed: " + e.getMessage(), e);
        } finally {
            delete(dataDir);
        }
    }

    private static LedgerIngestBenchmark.Ids ids(Arguments arguments) {
        String value = arguments.option("ids").orElse("ordered");
        return switch (value) {
            case "ordered" -> LedgerIngestBenchmark.Ids.ORDERED;
            case "random" -> LedgerIngestBenchmark.Ids.RANDOM;
            default -> throw new Arguments.UsageException("--ids takes ordered (the gateway's request ids, time first) "
                    + "or random, got '" + value + "'");
        };
    }

    private static int positive(Arguments arguments, String option, int absent) {
        String value = arguments.option(option).orElse(Integer.toString(absent));
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Arguments.UsageException("--" + option + " takes a positive integer, got '" + value + "'");
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hyperlocal-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary data directory", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing the benchmark for.
        }
    }
}
