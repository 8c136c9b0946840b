package io.hyperlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.database.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code quarkus-run.jar}, built by {@code ./mvnw verify}) run as its own
 * process by an integration test: {@code up} on a port, a data directory and a models directory,
 * with the test's own PostgreSQL as its external database.
 */
record PackagedServer(Process process, List<String> lines, Thread reader) {

    /** Starts the server with extra JVM options (system properties) and waits until it is ready. */
    static PackagedServer start(int port, Path data, Path models, EmbeddedPostgres database, String... options)
            throws Exception {
        Path app = Path.of(System.getProperty("hyperlocal-test.server-app", "target/quarkus-app"), "quarkus-run.jar");
        assertThat(app).as("the packaged server (run through ./mvnw verify)").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dhyperlocal.db.url=" + database.jdbcUrl(), "-Dhyperlocal.db.user=" + database.username(),
                "-Dhyperlocal.llama.context-size=512", "-Dhyperlocal.llama.slots=4"));
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", app.toString(), "up", "--port", Integer.toString(port), "--data-dir",
                data.toString(), "--models-dir", models.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("Press Ctrl-C")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        PackagedServer server = new PackagedServer(process, lines, reader);
        assertThat(ready.await(120, TimeUnit.SECONDS)).as("started within 120 s; output:%n%s", server.output())
                .isTrue();
        return server;
    }

    /** SIGKILL on the JVM itself: no shutdown hook, no drain. */
    void kill() throws InterruptedException {
        assertThat(process.info().command().orElse("")).as("the process killed is the JVM").endsWith("java");
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    void stop() throws InterruptedException {
        process.toHandle().destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s; output:%n%s", output()).isTrue();
        reader.join(5_000);
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
