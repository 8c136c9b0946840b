package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.tmf.hub.EventDelivery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events reach a real HTTP listener (the JDK's server) through the outbox: retried with backoff
 * while the listener fails, delivered once it answers 2xx, given up after the configured attempts.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class HubDeliveryTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    DataSource dataSource;
    @Inject
    DemoCatalog demo;
    @Inject
    EventDelivery delivery;
    TmfClient tmf;
    HttpServer listener;
    /** Answers of the listener, in order; once exhausted it answers with the last one. */
    final List<Integer> answers = new CopyOnWriteArrayList<>();
    final List<String[]> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        tmf = new TmfClient(base);
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/bss", exchange -> {
            int call = calls.getAndIncrement();
            int status = answers.get(Math.min(call, answers.size() - 1));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestURI().getPath(), body, Integer.toString(status)});
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.stop(0);
    }

    private String callback() {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + "/bss";
    }

    @Test
    void aProductCreateEventIsRetriedWithBackoffUntilTheListenerTakesIt() throws Exception {
        answers.addAll(List.of(500, 503, 204));
        JsonNode hub = tmf.expect(201, "POST", TmfClient.INVENTORY + "/hub", """
                {"@type": "Hub", "callback": "%s", "query": "eventType=ProductCreateEvent"}""".formatted(callback()));
        assertThat(hub.get("callback").asText()).isEqualTo(callback());
        assertThat(hub.get("id").asText()).isNotBlank();
        assertThat(hub.get("query").asText()).isEqualTo("eventType=ProductCreateEvent");

        String subscriber = Subscribers.create(dataSource);
        String productId = demo.order(subscriber, "offer-ai-basic").at("/productOrderItem/0/product/id").asText();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.stream().noneMatch(call -> call[2].equals("204")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).hasSize(3);
        for (String[] call : received) {
            assertThat(call[0]).isEqualTo("/bss/listener/productCreateEvent");
        }
        JsonNode event = TmfClient.JSON.readTree(received.get(2)[1]);
        assertThat(event.get("@type").asText()).isEqualTo("ProductCreateEvent");
        assertThat(event.get("eventType").asText()).isEqualTo("ProductCreateEvent");
        assertThat(event.get("eventId").asText()).isEqualTo(TmfClient.JSON.readTree(received.get(0)[1]).get("eventId").asText());
        assertThat(Instant.parse(event.get("eventTime").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(event.at("/event/product/id").asText()).isEqualTo(productId);
        assertThat(event.at("/event/product/status").asText()).isEqualTo("active");

        // The delivery records the listener's 204 after its call returns: the listener sees it first.
        Object[] stored = outbox(hub.get("id").asText());
        while (stored[1] == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = outbox(hub.get("id").asText());
        }
        assertThat(stored[0]).isEqualTo(3);
        assertThat(stored[1]).isNotNull();
        assertThat((String) stored[3]).isEmpty();

        assertThat(tmf.send("DELETE", TmfClient.INVENTORY + "/hub/" + hub.get("id").asText(), null).statusCode())
                .isEqualTo(204);
        assertThat(tmf.send("DELETE", TmfClient.INVENTORY + "/hub/" + hub.get("id").asText(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anEventIsGivenUpAfterTheConfiguredAttempts() throws Exception {
        answers.add(503);
        JsonNode hub = tmf.expect(201, "POST", TmfClient.ORDERING + "/hub", """
                {"@type": "Hub", "callback": "%s", "query": "eventType=ProductOrderCreateEvent"}""".formatted(callback()));
        demo.order(Subscribers.create(dataSource), "offer-ai-basic");
        // Time is moved forward an hour per round, past any backoff, instead of waiting for it.
        Instant now = Instant.now();
        for (int round = 1; round <= 20 && outbox(hub.get("id").asText())[2] == null; round++) {
            delivery.deliverDue(now.plus(Duration.ofHours(round)));
        }
        Object[] stored = outbox(hub.get("id").asText());
        assertThat(stored[0]).isEqualTo(8);
        assertThat(stored[1]).isNull();
        assertThat(stored[2]).isNotNull();
        assertThat((String) stored[3]).contains("503");
        assertThat(received).hasSize(8).allSatisfy(call -> assertThat(call[0])
                .isEqualTo("/bss/listener/productOrderCreateEvent"));
        tmf.expect(204, "DELETE", TmfClient.ORDERING + "/hub/" + hub.get("id").asText(), null);
    }

    @Test
    void aHubNeedsACallbackUrl() {
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/hub", "{\"@type\": \"Hub\"}").get("referenceError")
                .asText()).isEqualTo("callback");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/hub", "{\"@type\": \"Hub\", \"callback\": \"bss\"}")
                .get("referenceError").asText()).isEqualTo("callback");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/hub",
                "{\"@type\": \"Hub\", \"callback\": \"http://x\", \"filter\": \"a\"}").get("referenceError").asText())
                .isEqualTo("filter");
    }

    @Test
    void aHubQueryNamesOnlyEventsItsApiSends() {
        // Misspelt, or another API's: such a hub would be created and never receive anything.
        JsonNode misspelt = tmf.expect(400, "POST", TmfClient.INVENTORY + "/hub",
                "{\"@type\": \"Hub\", \"callback\": \"http://x\", \"query\": \"eventType=ProductStatusChangeEvent\"}");
        assertThat(misspelt.get("referenceError").asText()).isEqualTo("query");
        assertThat(misspelt.get("message").asText()).contains("'ProductStatusChangeEvent'", "ProductStateChangeEvent");
        assertThat(tmf.expect(400, "POST", TmfClient.INVENTORY + "/hub", "{\"@type\": \"Hub\", \"callback\": "
                + "\"http://x\", \"query\": \"eventType=ProductCreateEvent,ProductOrderStateChangeEvent\"}")
                .get("message").asText()).contains("'ProductOrderStateChangeEvent'");

        for (String[] accepted : new String[][] {{TmfClient.INVENTORY, "eventType=ProductStateChangeEvent,ProductCreateEvent"},
                {TmfClient.ORDERING, "eventType=productOrderStateChangeEvent"},
                {TmfClient.CATALOG, "eventType=ProductOfferingCreateEvent"}, {TmfClient.CATALOG, ""}}) {
            JsonNode hub = tmf.expect(201, "POST", accepted[0] + "/hub",
                    "{\"@type\": \"Hub\", \"callback\": \"http://x\", \"query\": \"" + accepted[1] + "\"}");
            tmf.expect(204, "DELETE", accepted[0] + "/hub/" + hub.get("id").asText(), null);
        }
    }

    /** attempts, delivered_at, gave_up_at, last_error of the hub's only event. */
    private Object[] outbox(String hubId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select attempts, delivered_at, gave_up_at, last_error from tmf_event where hub_id = ?")) {
            select.setString(1, hubId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("an event for hub " + hubId).isTrue();
                Object[] row = {rows.getInt(1), rows.getTimestamp(2), rows.getTimestamp(3), rows.getString(4)};
                assertThat(rows.next()).as("one event only").isFalse();
                return row;
            }
        }
    }
}
