package io.hyperlocal.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.Site;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends the site's heartbeat to {@code {controlPlane}/federation/heartbeat} every {@link #PERIOD}: the
 * site, the agent's URL and each engine's models and load. The first accepted beat registers the site.
 * It logs only changes (registered, unreachable, back), never every beat.
 */
final class HeartbeatSender implements AutoCloseable {
    /** Half the "at least every 500 ms", so one lost beat never looks like a dead site. */
    static final Duration PERIOD = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Site site;
    private final URI endpoint;
    private final String url;
    private final String token;
    private final List<InferenceEngine> engines;
    private final PrintStream log;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hyperlocal-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    // Only the scheduler's thread touches these.
    private boolean registered;
    private String lastProblem = "";
    private volatile boolean paused;

    HeartbeatSender(Site site, URI controlPlane, String url, String token, List<InferenceEngine> engines, PrintStream log) {
        this.site = Objects.requireNonNull(site, "site is null");
        String base = controlPlane.toString().endsWith("/") ? controlPlane.toString() : controlPlane + "/";
        this.endpoint = URI.create(base).resolve("federation/heartbeat");
        this.url = Objects.requireNonNull(url, "url is null");
        this.token = Objects.requireNonNull(token, "token is null");
        this.engines = List.copyOf(engines);
        this.log = Objects.requireNonNull(log, "log is null");
    }

    void start() {
        scheduler.scheduleAtFixedRate(this::beat, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops or resumes the beats without stopping the agent: what a network partition looks like. */
    void pause(boolean pause) {
        this.paused = pause;
    }

    private void beat() {
        if (paused) {
            return;
        }
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(1))
                    .header("authorization", "Bearer " + token)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                if (!registered) {
                    registered = true;
                    say("registered with " + endpoint.resolve("/") + " as site " + site.id() + ", advertising " + url
                            + "; heartbeats every " + PERIOD.toMillis() + " ms");
                } else if (!lastProblem.isEmpty()) {
                    say("control plane " + endpoint.resolve("/") + " reachable again");
                }
                lastProblem = "";
                return;
            }
            problem("control plane " + endpoint + " refused the heartbeat (HTTP " + response.statusCode() + "): "
                    + withoutFinalStop(message(response.body())) + "; retrying every " + PERIOD.toMillis() + " ms");
        } catch (java.io.IOException e) {
            problem("control plane " + endpoint.resolve("/") + " unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "), retrying every " + PERIOD.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A failed beat must never end the schedule (scheduleAtFixedRate stops on an exception).
            problem("heartbeat failed: " + e);
        }
    }

    /** The control plane's messages end with a full stop; the retry note follows after a semicolon. */
    private static String withoutFinalStop(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    String body() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode siteNode = root.putObject("site");
        siteNode.put("id", site.id()).put("name", site.name()).put("country", site.country()).put("city", site.city())
                .put("latitude", site.latitude()).put("longitude", site.longitude());
        ArrayNode tags = siteNode.putArray("jurisdictionTags");
        site.jurisdictionTags().stream().sorted().forEach(tags::add);
        root.put("url", url);
        ArrayNode enginesNode = root.putArray("engines");
        for (InferenceEngine engine : engines) {
            EngineLoad load = engine.load();
            ObjectNode node = enginesNode.addObject();
            node.put("id", engine.id());
            ArrayNode models = node.putArray("models");
            engine.models().stream().map(ModelInfo::id).forEach(models::add);
            node.put("slots", Math.max(1, load.slots())).put("running", load.running()).put("waiting", load.waiting())
                    .put("kvCacheUsage", load.kvCacheUsage()).put("tokensPerSecond", load.tokensPerSecond())
                    .put("healthy", engine.health().canServe());
        }
        return root.toString();
    }

    private void problem(String problem) {
        if (!problem.equals(lastProblem)) {
            say(problem);
        }
        lastProblem = problem;
    }

    private void say(String line) {
        log.println(LocalTime.now().format(TIME) + " " + line);
    }

    private static String message(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error").path("message");
            return error.isTextual() ? error.textValue() : body;
        } catch (java.io.IOException e) {
            return body;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        client.shutdownNow();
    }
}
