package io.hyperlocal.server.metering;

import io.hyperlocal.server.config.HyperlocalConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes every ledger record to Kafka when {@code hyperlocal.metering.kafka.bootstrap-servers} is
 * set: in ledger order ({@code seq}), each as its CloudEvent in structured mode (value the event's
 * JSON, header {@code content-type: application/cloudevents+json}, key the record's id).
 *
 * <p><b>At least once.</b> A pass locks the exporter's checkpoint row in PostgreSQL (so that, with
 * several gateways, one publishes at a time), publishes the records after it, waits for Kafka to
 * acknowledge all of them, then moves the checkpoint and commits. A crash between the
 * acknowledgement and the commit publishes those records again on the next pass: consumers
 * deduplicate on the CloudEvent's {@code source} and {@code id}. The shippers insert under a lock,
 * so a record is never committed behind the checkpoint.
 */
@ApplicationScoped
public class KafkaExporter {
    private static final Logger LOG = Logger.getLogger(KafkaExporter.class);
    static final int BATCH = 500;

    private final HyperlocalConfig.Metering.Kafka config;
    private final DataSource dataSource;
    private final LedgerReader reader;
    private final Counter published;
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private Producer<String, String> producer;

    @Inject
    public KafkaExporter(HyperlocalConfig config, DataSource dataSource, LedgerReader reader, MeterRegistry registry) {
        this.config = config.metering().kafka();
        if (this.config.pollInterval().isNegative() || this.config.pollInterval().isZero()) {
            throw new IllegalArgumentException("hyperlocal.metering.kafka.poll-interval must be positive: "
                    + this.config.pollInterval());
        }
        this.dataSource = dataSource;
        this.reader = reader;
        this.published = registry.counter("hyperlocal_usage_kafka_published_total");
        Gauge.builder("hyperlocal_usage_kafka_lag_records", lag, AtomicLong::get).register(registry);
    }

    /** The checkpoint's name: one per topic, so that a new topic starts from the beginning of the ledger. */
    String exporter() {
        return "kafka:" + config.topic();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.bootstrapServers().isEmpty()) {
            return;
        }
        producer = new KafkaProducer<>(properties(config.bootstrapServers().get()), new StringSerializer(),
                new StringSerializer());
        running = true;
        thread = new Thread(this::loop, "usage-kafka-exporter");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Usage records are published to Kafka topic %s at %s", config.topic(),
                config.bootstrapServers().get());
    }

    static Properties properties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "hyperlocal-usage-exporter");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return properties;
    }

    private void loop() {
        long backoff = config.pollInterval().toMillis();
        while (running) {
            try {
                int count = exportOnce(producer);
                backoff = config.pollInterval().toMillis();
                if (count == BATCH) {
                    continue;
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Publishing usage records to Kafka failed (%s); retrying in %d ms from the checkpoint",
                        e.getMessage(), backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass: publishes up to {@link #BATCH} records after the checkpoint; returns how many. */
    int exportOnce(Producer<String, String> target) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long checkpoint = lockCheckpoint(connection);
                List<LedgerReader.Row> rows = reader.after(checkpoint, BATCH);
                List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
                for (LedgerReader.Row row : rows) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), row.record().id(),
                            row.event());
                    record.headers().add("content-type",
                            "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
                    sends.add(target.send(record));
                }
                target.flush();
                for (Future<RecordMetadata> send : sends) {
                    send.get();
                }
                if (!rows.isEmpty()) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "update usage_export_checkpoint set seq = ?, updated_at = now() where exporter = ?")) {
                        update.setLong(1, rows.getLast().seq());
                        update.setString(2, exporter());
                        update.executeUpdate();
                    }
                }
                lag.set(Math.max(0, maxSeq(connection) - (rows.isEmpty() ? checkpoint : rows.getLast().seq())));
                connection.commit();
                published.increment(rows.size());
                return rows.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private long lockCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into usage_export_checkpoint (exporter, seq) values (?, 0) on conflict (exporter) do nothing")) {
            insert.setString(1, exporter());
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "select seq from usage_export_checkpoint where exporter = ? for update")) {
            select.setString(1, exporter());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long maxSeq(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select coalesce(max(seq), 0) from usage_ledger");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread exporterThread = thread;
        if (exporterThread != null) {
            exporterThread.interrupt();
            try {
                exporterThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
