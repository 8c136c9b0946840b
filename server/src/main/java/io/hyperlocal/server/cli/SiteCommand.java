package io.hyperlocal.server.cli;

import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.server.agent.SiteAgent;
import io.hyperlocal.server.agent.SiteConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./hyperlocal site --config site.yaml --control-plane URL [--port N]}: runs one site as its own
 * process (see {@link SiteAgent}) until Ctrl-C or SIGTERM.
 */
final class SiteCommand {
    private SiteCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, Set.of("config", "control-plane", "port"));
        if (!arguments.positional().isEmpty()) {
            throw new Arguments.UsageException("'site' takes no arguments, only options: " + arguments.positional());
        }
        Path file = arguments.option("config").map(Path::of)
                .orElseThrow(() -> new Arguments.UsageException("'site' needs --config site.yaml"));
        String controlPlane = arguments.option("control-plane")
                .orElseThrow(() -> new Arguments.UsageException("'site' needs --control-plane URL, for example "
                        + "http://127.0.0.1:8080 (where ./hyperlocal up runs)"));
        URI controlPlaneUri;
        try {
            controlPlaneUri = URI.create(controlPlane);
            if (controlPlaneUri.getHost() == null || !controlPlane.startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException("--control-plane must be an http(s) URL: " + controlPlane);
        }
        SiteConfig config;
        try {
            config = SiteConfig.read(file);
        } catch (IllegalArgumentException e) {
            err.println("hyperlocal: " + e.getMessage());
            return 2;
        }
        String token = config.token();
        if (token.isBlank()) {
            String fromEnvironment = System.getenv("HYPERLOCAL_FEDERATION_TOKEN");
            token = fromEnvironment == null ? "" : fromEnvironment.trim();
        }
        if (token.isBlank()) {
            err.println("hyperlocal: site " + config.site().id() + " has no federation token: set 'token' in "
                    + file + " or HYPERLOCAL_FEDERATION_TOKEN, to the control plane's hyperlocal.federation.token.");
            return 2;
        }
        int port = arguments.option("port").isPresent()
                ? new Settings(arguments, System.getenv()).port("port", "hyperlocal.site.port", SiteConfig.DEFAULT_PORT)
                : config.port() != 0 ? config.port() : SiteConfig.DEFAULT_PORT;

        SiteAgent agent;
        try {
            agent = SiteAgent.start(config, controlPlaneUri, port, token, out);
        } catch (RuntimeException e) {
            err.println("hyperlocal: site " + config.site().id() + " did not start: " + e.getMessage());
            return 1;
        }
        out.println("Site " + config.site().id() + " (" + config.site().name() + ", " + config.site().country() + ", tags "
                + config.site().jurisdictionTags().stream().sorted().toList() + ") serves on " + agent.url() + "/v1");
        for (InferenceEngine engine : agent.engines()) {
            out.println("  engine " + engine.id() + " (" + engine.kind() + "): "
                    + engine.models().stream().map(ModelInfo::id).toList());
        }
        out.println("Control plane: " + controlPlaneUri + " (heartbeats every 250 ms). Press Ctrl-C to stop.");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            System.err.println("Site " + config.site().id() + " stopped.");
            stopped.countDown();
        }, "hyperlocal-site-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The JVM is shutting down (the hook ran): System.exit now would block forever.
        return -1;
    }
}
