package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka export against a real broker (Kafka's own in-process KRaft test cluster): every ledger
 * record is published once, in ledger order, as its CloudEvent keyed by its id, and a second pass
 * from the stored checkpoint publishes nothing again.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class KafkaExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;

    @Inject
    KafkaExporter exporter;

    @Inject
    DataSource dataSource;

    @Inject
    UsageLedger ledger;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyLedgerRecordIsPublishedOnceInLedgerOrderAsItsCloudEvent() throws Exception {
        // What earlier tests journaled goes into the ledger now, not while this test compares the ledger
        // with what was published (the shipper's next pass may be seconds away).
        ledger.shipNow();
        String source = "test://" + UUID.randomUUID();
        List<LedgerWriter.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            UsageRecord record = TestingUsage.record(source, "req_kafka_" + i, Instant.parse("2026-11-21T10:00:00Z")
                    .plusSeconds(i), "subscriber-kafka", "stories260k", "fr-par", i, 2 * i, UsageStatus.COMPLETED);
            entries.add(new LedgerWriter.Entry(record, UsageEvents.write(record)));
        }
        new LedgerWriter(dataSource).insert(entries);
        List<String> ledgerIds = ledgerIdsInOrder();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaExporter.properties(cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            int published = 0;
            for (int count = exporter.exportOnce(producer); count > 0; count = exporter.exportOnce(producer)) {
                published += count;
            }
            assertThat(published).isEqualTo(ledgerIds.size());
            assertThat(exporter.exportOnce(producer)).as("a pass after the checkpoint").isZero();
        }

        List<ConsumerRecord<String, String>> consumed = consume(ledgerIds.size());
        assertThat(consumed).extracting(ConsumerRecord::key).containsExactlyElementsOf(ledgerIds);
        ConsumerRecord<String, String> last = consumed.getLast();
        JsonNode event = JSON.readTree(last.value());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo(UsageEvents.TYPE);
        assertThat(event.get("id").asText()).isEqualTo(last.key()).isEqualTo("req_kafka_1199");
        assertThat(event.get("source").asText()).isEqualTo(source);
        assertThat(event.at("/data/completion_tokens").asInt()).isEqualTo(2398);
        assertThat(new String(last.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith("application/cloudevents+json");
    }

    private List<String> ledgerIdsInOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from usage_ledger order by seq")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static List<ConsumerRecord<String, String>> consume(int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            // No consumer group: a one-broker cluster cannot host the group offsets topic's replicas.
            List<TopicPartition> partitions = consumer.partitionsFor("hyperlocal.usage").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            assertThat(partitions).as("the topic's partitions (one: ledger order is one order)").hasSize(1);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumed.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(consumed::add);
            }
            // Anything more would be a record published twice.
            consumer.poll(Duration.ofMillis(500)).forEach(consumed::add);
        }
        return consumed;
    }
}
