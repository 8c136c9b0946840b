package io.hyperlocal.server.agent;

import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.llama.LlamaCppEngine;
import io.hyperlocal.engines.llama.LlamaCppSettings;
import io.hyperlocal.engines.llama.LlamaModelPool;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.hyperlocal.engines.simulated.SimulatedEngineSettings;
import io.hyperlocal.server.gateway.AgentRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One site as its own process: its engines, served over the OpenAI protocol by a plain Vert.x HTTP
 * server (no Quarkus, no database), and heartbeats to the control plane. {@link #start} returns once
 * the server listens; {@link #close} stops the beats first, so the gateway stops routing here within
 * its detection time, then the server and the engines.
 */
public final class SiteAgent implements AutoCloseable {
    private final SiteConfig config;
    private final List<InferenceEngine> engines;
    private final LlamaModelPool pool;
    private final Vertx vertx;
    private final HttpServer server;
    private final HeartbeatSender heartbeats;
    private final String url;

    private SiteAgent(SiteConfig config, List<InferenceEngine> engines, LlamaModelPool pool, Vertx vertx,
            HttpServer server, HeartbeatSender heartbeats, String url) {
        this.config = config;
        this.engines = engines;
        this.pool = pool;
        this.vertx = vertx;
        this.server = server;
        this.heartbeats = heartbeats;
        this.url = url;
    }

    /**
     * Builds the engines, listens on {@code port} (0 for any free one) and starts the heartbeats.
     *
     * @param token the federation token, required on every call to this agent and sent on heartbeats
     */
    public static SiteAgent start(SiteConfig config, URI controlPlane, int port, String token, PrintStream log) {
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(controlPlane, "controlPlane is null");
        LlamaModelPool pool = new LlamaModelPool();
        List<InferenceEngine> engines = new ArrayList<>();
        Vertx vertx = null;
        try {
            for (SiteConfig.Engine engine : config.engines()) {
                engines.add(engine(engine, pool));
            }
            vertx = Vertx.vertx();
            Router router = Router.router(vertx);
            new AgentRoutes(config.site().id(), engines, token).mount(router);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String url = config.advertiseUrl().isBlank() ? "http://127.0.0.1:" + server.actualPort()
                    : config.advertiseUrl();
            HeartbeatSender heartbeats = new HeartbeatSender(config.site(), controlPlane, url, token, engines, log);
            SiteAgent agent = new SiteAgent(config, List.copyOf(engines), pool, vertx, server, heartbeats, url);
            heartbeats.start();
            return agent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(engines, vertx);
            throw new IllegalStateException("interrupted while starting site " + config.site().id(), e);
        } catch (ExecutionException | TimeoutException e) {
            closeAll(engines, vertx);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("site " + config.site().id() + " could not listen on port " + port + ": "
                    + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            closeAll(engines, vertx);
            throw e;
        }
    }

    private static InferenceEngine engine(SiteConfig.Engine engine, LlamaModelPool pool) {
        return switch (engine.kind()) {
            case "simulated" -> new SimulatedEngine(engine.id(), engine.models(), SimulatedEngineSettings.DEFAULTS
                    .withSlots(engine.slots(), SimulatedEngineSettings.DEFAULT_WAITING_LIMIT)
                    .withDelays(engine.firstTokenDelay(), engine.tokenDelay())
                    .withSeed(engine.seed()));
            case "llama.cpp" -> {
                Path gguf = Path.of(engine.gguf());
                if (!Files.isRegularFile(gguf)) {
                    // Checked here so the operator reads which engine and where it looked, not llama.cpp's or
                    // the reader's bare path.
                    throw new IllegalArgumentException("engine " + engine.id() + ": its gguf " + gguf + " is "
                            + (Files.isDirectory(gguf) ? "a directory, not a model file" : "not there (looked at "
                            + gguf.toAbsolutePath() + "; a relative path is read from the directory the agent runs in)")
                            + ". Give the path of a .gguf file, e.g. one from ./hyperlocal models list.");
                }
                int threads = engine.threads() == 0
                        ? LlamaCppSettings.defaultThreads(Runtime.getRuntime().availableProcessors()) : engine.threads();
                LlamaCppSettings settings = new LlamaCppSettings(engine.slots(), engine.contextSize(), threads, threads,
                        LlamaCppSettings.DEFAULT_WAITING_LIMIT);
                String model = engine.models().isEmpty() ? LlamaCppEngine.modelIdFor(gguf) : engine.models().get(0);
                yield new LlamaCppEngine(engine.id(), model, pool.open(gguf, engine.slots(), settings));
            }
            default -> throw new IllegalArgumentException("unknown engine kind " + engine.kind());
        };
    }

    public SiteConfig config() {
        return config;
    }

    public List<InferenceEngine> engines() {
        return engines;
    }

    /** The port the agent listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The base URL the agent advertises to the control plane (its API is under {@code /v1}). */
    public String url() {
        return url;
    }

    /** Stops or resumes the heartbeats alone, as a network partition would. */
    void pauseHeartbeats(boolean pause) {
        heartbeats.pause(pause);
    }

    @Override
    public void close() {
        heartbeats.close();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing anyway: the engines and Vert.x below go regardless.
        }
        closeAll(engines, vertx);
    }

    private static void closeAll(List<InferenceEngine> engines, Vertx vertx) {
        engines.forEach(InferenceEngine::close);
        if (vertx != null) {
            vertx.close();
        }
    }
}
