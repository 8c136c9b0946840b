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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hyperlocal up} as a user runs it: the packaged server started as its own process on a data
 * directory and a models directory, used, and stopped with SIGTERM (the JVM stops on it as on Ctrl-C).
 */
class UpCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern KEY = Pattern.compile("(hl-[A-Za-z0-9_-]{43})");

    @TempDir
    Path work;

    @Test
    void demoKeyAndSitesSurviveARestart() throws Exception {
        Path data = work.resolve("data");
        Path models = Files.createDirectories(work.resolve("models"));
        Files.copy(TestPlatform.testModel(), models.resolve("stories260K.gguf"));
        int port = freePort();

        Started first = start(port, data, models);
        String key = first.key();
        JsonNode sitesBefore = get(port, "/console/api/overview", null).get("sites");
        JsonNode completion = post(port, key, "{\"model\":\"stories260k\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Once upon a time\"}],\"max_tokens\":8}");
        assertThat(completion.at("/choices/0/message/content").asText()).isNotBlank();
        first.stop();
        assertThat(first.output()).contains("Hyperlocal stopped.");
        assertThat(data.resolve("postgres").resolve("pgdata").resolve("postmaster.pid")).doesNotExist();

        Started second = start(port, data, models);
        assertThat(second.key()).isEqualTo(key);
        assertThat(get(port, "/v1/models", key).get("data").findValuesAsText("id")).contains("stories260k");
        assertThat(get(port, "/console/api/overview", null).get("sites").findValuesAsText("id"))
                .containsExactlyElementsOf(sitesBefore.findValuesAsText("id"))
                .contains("fr-par", "fr-mrs", "de-fra");
        second.stop();
    }

    @Test
    void withoutAnyModelItServesSimulatedEnginesAndSaysSo() throws Exception {
        Path models = Files.createDirectories(work.resolve("empty-models"));
        int port = freePort();
        Started started = start(port, work.resolve("data-simulated"), models);
        try {
            assertThat(started.output()).contains("SIMULATED ENGINES", "no model file was found");
            JsonNode model = get(port, "/v1/models", started.key()).get("data").get(0);
            assertThat(model.get("id").asText()).isEqualTo("hyperlocal-simulated");
            assertThat(model.get("owned_by").asText()).isEqualTo("hyperlocal-simulated");
            assertThat(model.at("/hyperlocal/simulated").asBoolean()).isTrue();
            JsonNode completion = post(port, started.key(), "{\"model\":\"hyperlocal-simulated\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":12}");
            assertThat(completion.at("/choices/0/message/content").asText()).startsWith("[simulated]");
        } finally {
            started.stop();
        }
    }

    /**
     * A setting out of range stops the start with one line that names it as an operator sets it; the
     * background jobs that had started are stopped with the container rather than left polling it
     * ("ArC container not initialized" with a stack trace each, 46 lines before).
     */
    @Test
    void aSettingOutOfRangeStopsTheStartNamingTheSetting() throws Exception {
        Path app = Path.of(System.getProperty("hyperlocal-test.server-app", "target/quarkus-app"), "quarkus-run.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar",
                app.toString(), "up", "--port", Integer.toString(freePort()), "--data-dir",
                work.resolve("data-bad-setting").toString(), "--models-dir",
                Files.createDirectories(work.resolve("no-models")).toString())
                .redirectErrorStream(true);
        builder.environment().put("HYPERLOCAL_QUOTA_DEFAULT_MAX_TOKENS", "-5");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("hyperlocal.quota.default-max-tokens (HYPERLOCAL_QUOTA_DEFAULT_MAX_TOKENS) must be"
                + " at least 1: -5").doesNotContain("ArC container not initialized");
    }

    private record Started(Process process, String key, List<String> lines, Thread reader) {
        void stop() throws InterruptedException {
            // SIGTERM, as a service manager sends; Process.destroy() would also close our end of its
            // output and lose the last lines.
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s; output:\n" + output()).isTrue();
            reader.join(5_000);
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    private static Started start(int port, Path data, Path models) throws Exception {
        Path app = Path.of(System.getProperty("hyperlocal-test.server-app", "target/quarkus-app"), "quarkus-run.jar");
        assertThat(app).as("the packaged server (run through ./mvnw verify)").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-jar", app.toString(),
                "up", "--port", Integer.toString(port), "--data-dir", data.toString(), "--models-dir", models.toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        BlockingQueue<String> keys = new LinkedBlockingQueue<>();
        String[] bannerKey = {null};
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher matcher = KEY.matcher(line);
                    if (line.contains("API key") && matcher.find()) {
                        bannerKey[0] = matcher.group(1);
                    }
                    if (line.startsWith("Press Ctrl-C") && bannerKey[0] != null) {
                        // The whole banner has been read: only now is the output complete enough to check.
                        keys.add(bannerKey[0]);
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        String key = keys.poll(120, TimeUnit.SECONDS);
        Started started = new Started(process, key, lines, reader);
        assertThat(key).as("a banner with the API key within 120 s; output:\n" + started.output()).isNotNull();
        return started;
    }

    private static JsonNode get(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(int port, String key, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
