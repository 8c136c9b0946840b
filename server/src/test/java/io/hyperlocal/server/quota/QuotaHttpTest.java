package io.hyperlocal.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.access.ApiKeys;
import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Enforcement as a subscriber's client sees it on {@code /v1/chat/completions}: the OpenAI error
 * bodies and headers of 403 and 429 answers, {@code x-ratelimit-*} on successful ones, the clamp of
 * a generation without {@code max_tokens}, and a settlement for every admitted request however it
 * ends. Keys are real rows of {@code api_key} scoped to real {@code subscriber} rows; entitlements
 * come from {@link TestingEntitlementsDecorator#SET_BY_TESTS}.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class QuotaHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();
    private static final String PROMPT = "[{\"role\":\"user\",\"content\":\"Once upon a time\"}]";

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    private final TestingEntitlements entitlements = TestingEntitlementsDecorator.SET_BY_TESTS;

    @Inject
    QuotaService quotas;

    private static Entitlement entitlement(String id, Set<String> models, long allowance, long rpm) {
        return new Entitlement(id, "ai-assistant-pro", models, allowance, AllowancePeriod.CALENDAR_MONTH, 0, rpm,
                Entitlement.UNLIMITED, Entitlement.UNLIMITED, List.of());
    }

    @Test
    void successfulAnswersCarryTheLimitsAndTheThirdRequestOfTheMinuteIsRefused() throws Exception {
        String key = subscriberKey(entitlement("sub-http-rpm", Set.of("*"), 1_000_000, 2));
        HttpResponse<String> first = chat(key, "\"max_tokens\": 4");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(
                reset -> assertThat(reset).matches("\\d+(ms|s)|\\d+m\\d+s"));
        assertThat(chat(key, "\"max_tokens\": 4").headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");

        HttpResponse<String> third = chat(key, "\"max_tokens\": 4");
        assertThat(third.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(third.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("message").asText()).contains("sub-http-rpm", "requests per min (RPM): Limit 2");
        assertThat(third.headers().firstValue("retry-after")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(third.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(third.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
        assertThat(third.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    }

    @Test
    void anExhaustedAllowanceIsRefusedWithInsufficientQuotaAndWhenItResets() throws Exception {
        String key = subscriberKey(entitlement("sub-http-allowance", Set.of("*"), 100, Entitlement.UNLIMITED));
        int served = 0;
        HttpResponse<String> answer = chat(key, "\"max_tokens\": 5");
        while (answer.statusCode() == 200 && served < 20) {
            served++;
            answer = chat(key, "\"max_tokens\": 5");
        }
        // Each request reserves 20 prompt bytes + 64 + 5 tokens of the 100: the first fits, the
        // second straddles the end, the third finds nothing left.
        assertThat(served).isBetween(1, 2);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("message").asText()).contains("sub-http-allowance", "allowance of 100 tokens",
                "resets at");
    }

    @Test
    void aModelOutsideTheSubscriptionsAndASubscriberWithoutOneAreRefused() throws Exception {
        HttpResponse<String> notAllowed = chat(subscriberKey(
                entitlement("sub-http-models", Set.of("another-model"), 1000, Entitlement.UNLIMITED)), "\"max_tokens\": 4");
        assertThat(notAllowed.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(notAllowed.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_allowed");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(error.get("message").asText()).contains("'stories260k'", "another-model");

        HttpResponse<String> none = chat(subscriberKey(), "\"max_tokens\": 4");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("no_active_subscription");

        // The demo key is subscriber demo's, whose bundle holds "AI assistant Pro" (300 requests a minute).
        HttpResponse<String> demo = send(TestPlatform.demoKey(), "\"max_tokens\": 4", Map.of());
        assertThat(demo.statusCode()).isEqualTo(200);
        assertThat(demo.headers().firstValue("x-ratelimit-limit-requests")).hasValue("300");

        // A client key scoped to nobody (as keys were before subscribers existed) is refused.
        String unscoped = ApiKeys.generate(new Random(-7));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into api_key (id, prefix, hash, owner,"
                        + " jurisdiction, description, role) values ('key_quota_unscoped', ?, ?, 'legacy', 'FR', '', 'client')")) {
            insert.setString(1, ApiKeys.visiblePrefix(unscoped));
            insert.setBytes(2, ApiKeys.hash(unscoped));
            insert.executeUpdate();
        }
        HttpResponse<String> legacy = chat(unscoped, "\"max_tokens\": 4");
        assertThat(legacy.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(legacy.body()).at("/error/code").asText()).isEqualTo("no_active_subscription");
        assertThat(JSON.readTree(legacy.body()).at("/error/message").asText()).contains("acts for no subscriber");

        // The operator's admin key acts for no subscriber: nothing to enforce, no limit headers.
        HttpResponse<String> operator = send(TestPlatform.adminKey(), "\"max_tokens\": 4", Map.of());
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    }

    @Test
    void aGenerationWithoutMaxTokensIsClampedToWhatWasReserved() throws Exception {
        String key = subscriberKey(entitlement("sub-http-clamp", Set.of("stories260k"), 1_000_000, Entitlement.UNLIMITED));
        HttpResponse<String> answer = chat(key, "\"temperature\": 0");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        JsonNode usage = body.get("usage");
        // TestPlatform sets hyperlocal.quota.default-max-tokens to 8; the story goes on far longer.
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(8);
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(usage.get("prompt_tokens").asInt()).isLessThanOrEqualTo(20 + 64);
    }

    @Test
    void everyAdmittedRequestIsSettledOnceHoweverItEnds() throws Exception {
        String key = subscriberKey(entitlement("sub-http-settle", Set.of("*"), 1_000_000, Entitlement.UNLIMITED));
        assertThat(chat(key, "\"max_tokens\": 4").statusCode()).isEqualTo(200);
        // Refused after admission, by routing: the request may narrow its residency, never widen it.
        HttpResponse<String> widened = send(key, "\"max_tokens\": 4", Map.of("x-hyperlocal-jurisdiction", "US"));
        assertThat(widened.statusCode()).as(widened.body()).isIn(403);
        // A streaming client that goes away after a few chunks.
        streamAndHangUp(key);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (quotas.enforcement().inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(quotas.enforcement().inFlight()).isZero();
    }

    private void streamAndHangUp(String key) throws Exception {
        String body = "{\"model\":\"stories260k\",\"stream\":true,\"max_tokens\":400,\"messages\":" + PROMPT + "}";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).contains("200");
            int chunks = 0;
            for (String line = in.readLine(); line != null && chunks < 2; line = in.readLine()) {
                if (line.startsWith("data: {")) {
                    chunks++;
                }
            }
        }
    }

    @Test
    void fiveHundredConcurrentRequestsNeverSpendMoreThanTheAllowancePlusOneRequest() throws Exception {
        long allowance = 1_000;
        int maxTokens = 16;
        // What admission reserves for one of these requests: the prompt's bytes ("user" + "Once upon a
        // time"), the template overhead (hyperlocal.quota.prompt-overhead-tokens, 64) and max_tokens.
        long oneRequest = "user".length() + "Once upon a time".length() + 64 + maxTokens;
        String subscriber = "subscriber-http-" + (SUBSCRIBERS.get() + 1);
        String key = subscriberKey(new Entitlement("sub-http-500", "ai-assistant-pro", Set.of("*"), allowance,
                AllowancePeriod.CALENDAR_MONTH, 0, Entitlement.UNLIMITED, Entitlement.UNLIMITED, Entitlement.UNLIMITED,
                List.of()));
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build()) {
            for (int i = 0; i < 500; i++) {
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stories260k\", \"max_tokens\": "
                                + maxTokens + ", \"messages\": " + PROMPT + "}"))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            java.util.concurrent.CompletableFuture.allOf(answers.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(120, java.util.concurrent.TimeUnit.SECONDS);
        }
        int served = 0;
        int outOfAllowance = 0;
        int admitted = 0;
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (var answer : answers) {
            HttpResponse<String> response = answer.join();
            String code = response.statusCode() == 200 ? "" : JSON.readTree(response.body()).at("/error/code").asText();
            outcomes.merge(response.statusCode() + " " + code, 1, Integer::sum);
            if (response.statusCode() == 200) {
                served++;
            }
            if (code.equals("insufficient_quota")) {
                outOfAllowance++;
            } else {
                admitted++; // served, or refused after admission (an engine queue full): metered either way
            }
        }
        assertThat(served).as("some requests are served: %s", outcomes).isPositive();
        assertThat(outOfAllowance).as("the allowance runs out: %s", outcomes).isPositive();

        // The ledger is what the operator bills: every admitted request has its record; their tokens
        // stay within the allowance plus one request's reservation.
        long deadline = System.nanoTime() + 30_000_000_000L;
        long records;
        long tokens;
        do {
            Thread.sleep(200);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement query = connection.prepareStatement("select count(*), coalesce(sum(prompt_tokens"
                            + " + completion_tokens), 0) from usage_ledger where subscriber_id = ?")) {
                query.setString(1, subscriber);
                try (var rows = query.executeQuery()) {
                    rows.next();
                    records = rows.getLong(1);
                    tokens = rows.getLong(2);
                }
            }
        } while (records < admitted && System.nanoTime() < deadline);
        System.out.printf("500 concurrent requests, allowance %d tokens: %d served, %d refused for the allowance, "
                + "%d metered records, %d tokens billed (bound %d)%n", allowance, served, outOfAllowance, records, tokens,
                allowance + oneRequest);
        assertThat(records).isEqualTo(admitted);
        assertThat(tokens).isLessThanOrEqualTo(allowance + oneRequest);
    }

    @Test
    void theModelListShowsWhatTheSubscriptionsAllow() throws Exception {
        String chatOnly = subscriberKey(entitlement("sub-http-models", Set.of("stories260k"), 1_000_000, Entitlement.UNLIMITED));
        JsonNode listed = JSON.readTree(models(chatOnly, "v1/models").body());
        assertThat(listed.get("data").findValuesAsText("id")).containsExactly("stories260k");
        assertThat(models(chatOnly, "v1/models/all-minilm-l6-v2").statusCode()).isEqualTo(404);

        String everything = subscriberKey(entitlement("sub-http-models-all", Set.of("*"), 1_000_000, Entitlement.UNLIMITED));
        assertThat(JSON.readTree(models(everything, "v1/models").body()).get("data").findValuesAsText("id"))
                .contains("stories260k", "all-minilm-l6-v2");
        assertThat(models(everything, "v1/models/all-minilm-l6-v2").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> models(String key, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A new subscriber with {@code active} entitlements and a client key scoped to it. */
    private String subscriberKey(Entitlement... active) throws SQLException {
        int n = SUBSCRIBERS.incrementAndGet();
        String subscriber = "subscriber-http-" + n;
        String key = ApiKeys.generate(new Random(n));
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into subscriber (id, msisdn, country, billing_account) values (?, ?, 'FR', ?)")) {
                insert.setString(1, subscriber);
                insert.setString(2, "+3361200" + String.format("%04d", n));
                insert.setString(3, "ba-" + n);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into api_key (id, prefix, hash, owner,"
                    + " jurisdiction, description, role, subscriber_id) values (?, ?, ?, ?, 'FR', 'quota test', 'client', ?)")) {
                insert.setString(1, "key_quota_" + n);
                insert.setString(2, ApiKeys.visiblePrefix(key));
                insert.setBytes(3, ApiKeys.hash(key));
                insert.setString(4, subscriber);
                insert.setString(5, subscriber);
                insert.executeUpdate();
            }
        }
        entitlements.set(subscriber, List.of(active));
        return key;
    }

    private HttpResponse<String> chat(String key, String fields) throws Exception {
        return send(key, fields, Map.of());
    }

    private HttpResponse<String> send(String key, String fields, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stories260k\", " + fields
                        + ", \"messages\": " + PROMPT + "}"));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
