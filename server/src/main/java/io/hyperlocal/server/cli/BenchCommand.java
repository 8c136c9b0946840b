package io.hyperlocal.server.cli;

import io.hyperlocal.server.bench.GatewayOverheadBenchmark;
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
        Arguments arguments = Arguments.parse(args, Set.of("models-dir", "rounds", "max-tokens"));
        if (arguments.positional().size() != 1 || !arguments.positional().get(0).equals("gateway")) {
            throw new Arguments.UsageException("'bench' takes one benchmark name: gateway");
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
