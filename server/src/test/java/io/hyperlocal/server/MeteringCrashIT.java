package io.hyperlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.database.EmbeddedPostgres;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metering guarantee under a crash: SIGKILL the packaged server during a load of concurrent
 * requests, restart it on the same data directory, let the journal reach the ledger, then every
 * request the client saw complete has exactly one usage record with the tokens it was told, and no
 * request has two.
 *
 * <p>The database is the test's own PostgreSQL (the server's external database), so that killing
 * the server's JVM leaves no orphaned embedded PostgreSQL behind: the kill hits the gateway alone.
 */
class MeteringCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 300;
    private static final int CLIENTS = 12;
    /** The kill comes once this many answers are complete, while the others are in flight. */
    private static final int KILL_AFTER = 100;

    @TempDir
    Path work;

    /** What the client saw of one request. */
    private record Seen(String requestId, boolean complete, int promptTokens, int completionTokens) {}

    @Test
    void everyAnswerTheClientSawCompleteHasExactlyOneUsageRecordAfterAKill() throws Exception {
        Path data = work.resolve("data");
        Path models = Files.createDirectories(work.resolve("models"));
        Files.copy(TestPlatform.testModel(), models.resolve("stories260K.gguf"));
        int port = freePort();
        try (EmbeddedPostgres database = EmbeddedPostgres.start(work.resolve("postgres"))) {
            // A slow shipper leaves many records in the journal at the kill, for the restarted gateway to ship.
            PackagedServer first = PackagedServer.start(port, data, models, database, "-Dhyperlocal.metering.ship-interval=5s");
            // The operator's key: metered like any other, and no subscription's rate or stream limit
            // refuses part of the load (the demo subscriber's "AI assistant Pro" allows 8 streams).
            String key = Files.readString(data.resolve("admin-api-key")).trim();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(CLIENTS)).build();
            Map<Integer, Seen> seen = new ConcurrentHashMap<>();
            AtomicInteger complete = new AtomicInteger();
            CountDownLatch killNow = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                clients.submit(() -> {
                    Seen result = call(http, port, key, n);
                    seen.put(n, result);
                    if (result.complete() && complete.incrementAndGet() >= KILL_AFTER) {
                        killNow.countDown();
                    }
                });
            }
            assertThat(killNow.await(180, TimeUnit.SECONDS)).as("%d answers complete before the kill; output:%n%s",
                    KILL_AFTER, first.output()).isTrue();
            first.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

            long journaledBeforeRestart = journalLines(data.resolve("metering"));
            PackagedServer second = PackagedServer.start(port, data, models, database, "-Dhyperlocal.metering.ship-interval=200ms");
            try {
                awaitShipped(data.resolve("metering"));
                List<Seen> completed = seen.values().stream().filter(Seen::complete).toList();
                Map<String, long[]> ledger = ledger(database);
                long duplicates = duplicates(database);
                int missing = 0;
                for (Seen answer : completed) {
                    long[] row = ledger.get(answer.requestId());
                    if (row == null || row[0] != 1) {
                        missing++;
                        continue;
                    }
                    assertThat(row[1]).as("prompt tokens of " + answer.requestId()).isEqualTo(answer.promptTokens());
                    assertThat(row[2]).as("completion tokens of " + answer.requestId()).isEqualTo(answer.completionTokens());
                }
                long cutShort = seen.values().stream().filter(answer -> !answer.complete()).count();
                long cutShortRecorded = seen.values().stream()
                        .filter(answer -> !answer.complete() && answer.requestId() != null
                                && ledger.containsKey(answer.requestId()))
                        .count();
                System.out.printf("MeteringCrashIT: %d requests sent, %d complete for the client before or around the "
                        + "kill, %d cut short by it (%d of those had their record written before the kill); "
                        + "%d journal lines were left for the restarted gateway; ledger rows %d, requests with two or "
                        + "more records %d, complete answers without exactly one record %d%n",
                        REQUESTS, completed.size(), cutShort, cutShortRecorded, journaledBeforeRestart, ledger.size(),
                        duplicates, missing);
                assertThat(completed.size()).isGreaterThanOrEqualTo(KILL_AFTER);
                assertThat(cutShort).as("requests the kill cut short").isPositive();
                assertThat(journaledBeforeRestart).as("records the killed gateway left in its journal").isPositive();
                assertThat(missing).as("complete answers without exactly one usage record").isZero();
                assertThat(duplicates).as("requests with two usage records").isZero();
            } finally {
                second.stop();
            }
        }
    }

    /** One request, half of them streamed; complete means the whole JSON body, or [DONE] and the usage chunk. */
    private static Seen call(HttpClient http, int port, String key, int n) {
        boolean stream = n % 2 == 0;
        String body = "{\"model\":\"stories260k\",\"max_tokens\":" + (8 + n % 17) + ",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time " + n + "\"}]}";
        String requestId = null;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            requestId = response.headers().firstValue("x-request-id").orElse(null);
            if (response.statusCode() != 200) {
                return new Seen(requestId, false, 0, 0);
            }
            JsonNode usage = null;
            if (stream) {
                if (!response.body().contains("data: [DONE]")) {
                    return new Seen(requestId, false, 0, 0);
                }
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                        usage = JSON.readTree(line.substring(6)).get("usage");
                    }
                }
            } else {
                usage = JSON.readTree(response.body()).get("usage");
            }
            if (usage == null) {
                return new Seen(requestId, false, 0, 0);
            }
            return new Seen(requestId, true, usage.get("prompt_tokens").asInt(), usage.get("completion_tokens").asInt());
        } catch (IOException e) {
            // The server died under this request: the client never saw it complete.
            return new Seen(requestId, false, 0, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Seen(requestId, false, 0, 0);
        }
    }

    /** Waits until the restarted gateway's journal holds nothing but its own empty open segment. */
    private static void awaitShipped(Path journal) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (journalLines(journal) > 0) {
            assertThat(System.nanoTime()).as("the journal in %s shipped within 60 s", journal).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long journalLines(Path journal) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(journal)) {
            for (Path segment : files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).toList()) {
                byte[] bytes = Files.readAllBytes(segment);
                for (byte b : bytes) {
                    if (b == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** Request id to {count, prompt tokens, completion tokens}. */
    private static Map<String, long[]> ledger(EmbeddedPostgres database) throws Exception {
        Map<String, long[]> rows = new HashMap<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select id, count(*), max(prompt_tokens), max(completion_tokens) from usage_ledger group by id")) {
            while (result.next()) {
                rows.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3), result.getLong(4)});
            }
        }
        return rows;
    }

    private static long duplicates(EmbeddedPostgres database) throws Exception {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(
                "select count(*) from (select id from usage_ledger group by id having count(*) > 1) twice");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect(EmbeddedPostgres database) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        return new org.postgresql.Driver().connect(database.jdbcUrl(), properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
