package io.hyperlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation as it runs for real: {@code hyperlocal up} with a federation token and two site
 * agents ({@code hyperlocal site}), each in its own JVM, two French sites serving the same simulated
 * model with the same seed. The agent serving a stream is killed (SIGKILL) in the middle of it: the
 * client still receives the whole answer, word for word as an uninterrupted one, and later requests go
 * to the surviving site, which routing alone picks once the dead one misses its heartbeats.
 */
class SiteAgentIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "it-federation-token";
    private static final String MODEL = "agent-model";

    @TempDir
    Path work;

    private final List<Started> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Started started : processes) {
            started.process().destroyForcibly();
            started.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStreamSurvivesTheLossOfItsSiteAndLaterRequestsGoToTheSurvivor() throws Exception {
        int port = freePort();
        Started up = start("up", List.of("up", "--port", Integer.toString(port), "--data-dir",
                work.resolve("data").toString(), "--models-dir", Files.createDirectories(work.resolve("models")).toString()),
                "Press Ctrl-C");
        String key = Files.readString(work.resolve("data").resolve("demo-api-key")).trim();
        String controlPlane = "http://127.0.0.1:" + port;
        Started lyon = agent("fr-lyo", "Lyon", 45.764, 4.8357, controlPlane);
        Started lille = agent("fr-lil", "Lille", 50.6292, 3.0573, controlPlane);
        awaitSites(port, key, List.of("fr-lil", "fr-lyo"));

        String request = "{\"model\": \"" + MODEL + "\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"Tell me a long story\"}], \"max_tokens\": 60, \"seed\": 1234, \"stream\": true}";
        Streamed whole = stream(port, key, request, null);
        assertThat(whole.done()).as(whole.raw()).isTrue();
        assertThat(whole.chunks()).as("a text long enough to cut").isGreaterThan(20);

        Map<String, Started> agents = Map.of("fr-lyo", lyon, "fr-lil", lille);
        String[] killed = {""};
        Streamed interrupted = stream(port, key, request, site -> {
            killed[0] = site;
            agents.get(site).process().destroyForcibly();
        });
        long killedAt = System.nanoTime();
        assertThat(killed[0]).isIn("fr-lyo", "fr-lil");
        assertThat(interrupted.raw()).doesNotContain("\"error\"");
        assertThat(interrupted.done()).as(interrupted.raw()).isTrue();
        assertThat(interrupted.text()).isEqualTo(whole.text());
        assertThat(up.output()).contains("the stream continues on");

        String survivor = killed[0].equals("fr-lyo") ? "fr-lil" : "fr-lyo";
        String plain = request.replace("\"stream\": true", "\"stream\": false");
        long detectedAt = 0;
        while (System.nanoTime() - killedAt < Duration.ofSeconds(3).toNanos()) {
            HttpResponse<String> response = post(port, key, plain);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-hyperlocal-site")).hasValue(survivor);
            String route = response.headers().firstValue("x-hyperlocal-route").orElse("");
            if (detectedAt == 0 && !route.contains(killed[0] + "/")) {
                detectedAt = System.nanoTime();
            }
        }
        assertThat(detectedAt).as("the dead site left the routes").isNotZero();
        // Down 1.5 s after its last heartbeat, which came at most 250 ms before the kill; plus a request's time.
        assertThat((detectedAt - killedAt) / 1_000_000).isLessThan(1_500 + 250 + 500);
    }

    private record Streamed(String text, int chunks, boolean done, String raw) {}

    /** Streams a chat; after its tenth chunk, {@code midway} is told the serving site. */
    private static Streamed stream(int port, String key, String body, java.util.function.Consumer<String> midway)
            throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        String site = response.headers().firstValue("x-hyperlocal-site").orElseThrow();
        StringBuilder text = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        int chunks = 0;
        boolean done = false;
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                raw.append(line).append('\n');
                if (!line.startsWith("data: ")) {
                    continue;
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    done = true;
                    continue;
                }
                JsonNode content = JSON.readTree(data).at("/choices/0/delta/content");
                if (!content.isMissingNode() && !content.asText().isEmpty()) {
                    text.append(content.asText());
                    chunks++;
                    if (chunks == 10 && midway != null) {
                        midway.accept(site);
                    }
                }
            }
        }
        return new Streamed(text.toString(), chunks, done, raw.toString());
    }

    private Started agent(String id, String city, double latitude, double longitude, String controlPlane)
            throws Exception {
        Path config = work.resolve(id + ".yaml");
        Files.writeString(config, """
                site:
                  id: %s
                  name: %s
                  country: FR
                  city: %s
                  latitude: %s
                  longitude: %s
                  jurisdictionTags: [FR, EU]
                token: %s
                engines:
                  - id: sim
                    kind: simulated
                    models: [%s]
                    slots: 4
                    tokenDelayMs: 30
                    seed: 7
                """.formatted(id, city, city, latitude, longitude, TOKEN, MODEL));
        return start(id, List.of("site", "--config", config.toString(), "--control-plane", controlPlane, "--port",
                Integer.toString(freePort())), "registered with");
    }

    private static void awaitSites(int port, String key, List<String> sites) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/models/" + MODEL))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            if (models.statusCode() == 200 && sites.stream().allMatch(models.body()::contains)) {
                return;
            }
            assertThat(System.nanoTime()).as("both sites registered; last answer: " + models.body()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> post(int port, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Started(String name, Process process, List<String> lines) {
        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    /** Starts the packaged server with {@code args}; returns once a line contains {@code ready}. */
    private Started start(String name, List<String> args, String ready) throws Exception {
        Path app = Path.of(System.getProperty("hyperlocal-test.server-app", "target/quarkus-app"), "quarkus-run.jar");
        assertThat(app).as("the packaged server (run through ./mvnw verify)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", app.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HYPERLOCAL_FEDERATION_TOKEN", TOKEN);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.contains(ready)) {
                        seen.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        Started started = new Started(name, process, lines);
        processes.add(started);
        assertThat(seen.await(120, TimeUnit.SECONDS)).as(name + " ready ('" + ready + "'); output:\n" + started.output())
                .isTrue();
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
