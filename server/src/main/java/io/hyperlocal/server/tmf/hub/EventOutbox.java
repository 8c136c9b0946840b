package io.hyperlocal.server.tmf.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes events into the outbox ({@code tmf_event}), one row per subscribed hub, in the transaction
 * of the change they report: an event is stored if and only if its change is committed. The
 * {@link EventDelivery} worker posts them.
 *
 * <p>A hub's {@code query} may name the events it wants: {@code eventType=ProductStateChangeEvent}
 * (several comma-separated); any other query receives every event of its API.
 */
public final class EventOutbox {
    private EventOutbox() {}

    /**
     * Records {@code eventType} (e.g. {@code ProductStateChangeEvent}) about {@code resource}, whose
     * name in the envelope is {@code resourceName} (e.g. {@code product}).
     */
    public static void publish(TmfStore.Tx tx, TmfApi api, String eventType, String resourceName, ObjectNode resource,
            Instant now) {
        // A hub's query is checked against api.eventTypes(): an event outside it could never be asked for.
        if (!api.eventTypes().contains(eventType)) {
            throw new IllegalStateException(eventType + " is not among the events of " + api.label()
                    + "; add it to TmfApi");
        }
        List<String[]> hubs = hubs(tx, api);
        if (hubs.isEmpty()) {
            return;
        }
        String eventId = UUID.randomUUID().toString();
        ObjectNode event = TmfJson.MAPPER.createObjectNode();
        event.put("@type", eventType);
        event.put("eventId", eventId);
        event.put("eventTime", now.toString());
        event.put("eventType", eventType);
        event.put("timeOccurred", now.toString());
        event.put("domain", api.label());
        event.putObject("event").set(resourceName, resource.deepCopy());
        for (String[] hub : hubs) {
            if (!wants(hub[1], eventType)) {
                continue;
            }
            try (PreparedStatement insert = tx.connection().prepareStatement("insert into tmf_event (hub_id, event_id, "
                    + "event_type, payload, next_attempt_at) values (?, ?, ?, ?::jsonb, ?)")) {
                insert.setString(1, hub[0]);
                insert.setString(2, eventId);
                insert.setString(3, eventType);
                insert.setString(4, event.toString());
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Could not store the event " + eventType + ": " + e.getMessage(), e);
            }
        }
    }

    /** The listener path of an event: {@code ProductStateChangeEvent} -> {@code productStateChangeEvent}. */
    public static String listenerName(String eventType) {
        return eventType.substring(0, 1).toLowerCase(Locale.ROOT) + eventType.substring(1);
    }

    static boolean wants(String query, String eventType) {
        return requested(query).map(names -> names.stream().anyMatch(eventType::equalsIgnoreCase)).orElse(true);
    }

    /** The event types a hub's query names with {@code eventType=}, or empty when it names none (all events). */
    static Optional<List<String>> requested(String query) {
        for (String part : query.split("&")) {
            if (part.startsWith("eventType=")) {
                return Optional.of(Arrays.stream(part.substring("eventType=".length()).split(",")).map(String::trim)
                        .toList());
            }
        }
        return Optional.empty();
    }

    private static List<String[]> hubs(TmfStore.Tx tx, TmfApi api) {
        try (PreparedStatement select = tx.connection().prepareStatement("select id, query from tmf_hub where api = ?")) {
            select.setString(1, api.label());
            List<String[]> hubs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    hubs.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            return hubs;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the event hubs: " + e.getMessage(), e);
        }
    }
}
