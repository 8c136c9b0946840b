package io.hyperlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.database.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas, two JVMs sharing one PostgreSQL, serve one subscriber's burst of 400
 * concurrent requests (200 each) against a small allowance: the usage billed, read from the ledger,
 * stays within the allowance plus one request's reservation. The subscriber, the offer, the order
 * and the key are made the way an operator makes them, through the admin and TM Forum APIs of one
 * replica.
 */
class TwoReplicasQuotaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ALLOWANCE = 1_500;
    private static final int MAX_TOKENS = 16;
    private static final String PROMPT = "Once upon a time";
    /** What admission reserves for one request: prompt bytes ("user" + the prompt), template overhead (64), max_tokens. */
    private static final long ONE_REQUEST = "user".length() + PROMPT.length() + 64 + MAX_TOKENS;
    private static final String ADMIN_KEY = "hl-two-replicas-test-admin-key-0123456789abcdef";

    @TempDir
    Path work;

    @Test
    void twoReplicasOnOneDatabaseNeverSpendMoreThanTheAllowancePlusOneRequest() throws Exception {
        Path models = Files.createDirectories(work.resolve("models"));
        Files.copy(TestPlatform.testModel(), models.resolve("stories260K.gguf"));
        try (EmbeddedPostgres database = EmbeddedPostgres.start(work.resolve("postgres"))) {
            // One admin key for both: each replica's data directory would otherwise make its own.
            String admin = "-Dhyperlocal.admin.key=" + ADMIN_KEY;
            int portA = freePort();
            PackagedServer a = PackagedServer.start(portA, work.resolve("a"), models, database, admin);
            int portB = freePort();
            PackagedServer b = PackagedServer.start(portB, work.resolve("b"), models, database, admin);
            try {
                String key = subscribe(portA);
                Thread.sleep(1_500); // both replicas see the new product (entitlements refresh every 250 ms)

                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                try (HttpClient client = HttpClient.newBuilder()
                        .executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
                    for (int i = 0; i < 400; i++) {
                        int port = i % 2 == 0 ? portA : portB;
                        answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/v1/chat/completions"))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stories260k\", \"max_tokens\": "
                                        + MAX_TOKENS + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + PROMPT
                                        + "\"}]}"))
                                .build(), HttpResponse.BodyHandlers.ofString()));
                    }
                    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
                }
                Map<String, Integer> outcomes = new TreeMap<>();
                int admitted = 0;
                for (CompletableFuture<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.join();
                    String code = response.statusCode() == 200 ? ""
                            : JSON.readTree(response.body()).at("/error/code").asText();
                    outcomes.merge(response.statusCode() + " " + code, 1, Integer::sum);
                    if (!code.equals("insufficient_quota")) {
                        admitted++;
                    }
                }
                assertThat(outcomes.getOrDefault("200 ", 0)).as("served: %s", outcomes).isPositive();
                assertThat(outcomes.getOrDefault("429 insufficient_quota", 0)).as("allowance ran out: %s", outcomes)
                        .isPositive();

                long[] billed = awaitLedger(database, admitted);
                System.out.printf("Two replicas, 400 concurrent requests, allowance %d tokens: %s; %d metered records, "
                        + "%d tokens billed (bound %d)%n", ALLOWANCE, outcomes, billed[0], billed[1], ALLOWANCE + ONE_REQUEST);
                assertThat(billed[0]).as("one record per admitted request").isEqualTo(admitted);
                assertThat(billed[1]).isLessThanOrEqualTo(ALLOWANCE + ONE_REQUEST);
            } finally {
                b.stop();
                a.stop();
            }
        }
    }

    /** Subscriber, offer, order and key, through replica {@code port}'s APIs; returns the key. */
    private static String subscribe(int port) throws Exception {
        call(port, "POST", "/admin/subscribers", """
                {"id": "sub-two", "msisdn": "+33612340000", "country": "FR", "billingAccount": "BA-TWO"}""", 201);
        String tmf = "/tmf-api/productCatalogManagement/v5/";
        call(port, "POST", tmf + "productSpecification", """
                {"@type": "ProductSpecification", "id": "spec-two", "name": "Two replicas", "lifecycleStatus": "Launched",
                 "productSpecCharacteristic": [
                   {"@type": "CharacteristicSpecification", "name": "allowedModels", "characteristicValueSpecification":
                     [{"@type": "StringCharacteristicValueSpecification", "value": "*"}]},
                   {"@type": "CharacteristicSpecification", "name": "tokenAllowance", "characteristicValueSpecification":
                     [{"@type": "IntegerCharacteristicValueSpecification", "value": %d}]}]}""".formatted(ALLOWANCE), 201);
        call(port, "POST", tmf + "productOffering", """
                {"@type": "ProductOffering", "id": "offer-two", "name": "Two replicas", "lifecycleStatus": "Launched",
                 "productSpecification": {"id": "spec-two"}}""", 201);
        JsonNode order = call(port, "POST", "/tmf-api/productOrderingManagement/v5/productOrder", """
                {"@type": "ProductOrder",
                 "productOrderItem": [{"@type": "ProductOrderItem", "id": "1", "action": "add",
                                       "productOffering": {"id": "offer-two"}}],
                 "relatedParty": [{"@type": "RelatedPartyRefOrPartyRoleRef", "role": "customer",
                   "partyOrPartyRole": {"@type": "PartyRef", "id": "sub-two", "@referredType": "Individual"}}]}""", 201);
        String href = order.get("href").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!call(port, "GET", href, null, 200).get("state").asText().equals("completed")) {
            assertThat(System.nanoTime()).as("order completed within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        return call(port, "POST", "/admin/keys", "{\"subscriberId\": \"sub-two\"}", 201).get("key").asText();
    }

    private static JsonNode call(int port, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
            return JSON.readTree(response.body());
        }
    }

    /** Waits until the ledger holds {@code records} rows of the subscriber; returns [rows, tokens]. */
    private static long[] awaitLedger(EmbeddedPostgres database, int records) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        while (true) {
            try (Connection connection = new org.postgresql.Driver().connect(database.jdbcUrl(), properties);
                    PreparedStatement query = connection.prepareStatement("select count(*), coalesce(sum(prompt_tokens"
                            + " + completion_tokens), 0) from usage_ledger where subscriber_id = 'sub-two'");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                long[] found = {rows.getLong(1), rows.getLong(2)};
                if (found[0] >= records || System.nanoTime() > deadline) {
                    return found;
                }
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
