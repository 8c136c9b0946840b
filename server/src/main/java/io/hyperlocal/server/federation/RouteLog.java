package io.hyperlocal.server.federation;

import io.hyperlocal.routing.Route;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest routing decisions, by request id, with where each request was served in the end and how
 * it ended: what {@code /admin/routes/{requestId}} and the console show. Bounded: the oldest entries
 * go first. (The durable audit trail comes with metering.)
 */
@Singleton
public class RouteLog {
    public static final int CAPACITY = 2000;

    /**
     * The entries in a ring, the newest at {@code next - 1}. Every request records one, and only the admin
     * API looks one up: a scan of the ring on lookup is cheaper overall than hashing every request id into
     * a map and evicting the eldest entry on every insert.
     */
    private final Logged[] ring = new Logged[CAPACITY];
    private int next;
    private int size;

    /** One request: its decision, the engines that served it (several after a failover), its outcome. */
    public static final class Logged {
        private final Route route;
        private final List<String> servedBy = new ArrayList<>();
        private String outcome = "in progress";

        Logged(Route route) {
            this.route = route;
        }

        public synchronized Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>(route.details());
            details.put("servedBy", List.copyOf(servedBy));
            details.put("outcome", outcome);
            return details;
        }

        /** A short form for lists: no per-candidate breakdown. */
        public synchronized Map<String, Object> brief() {
            Map<String, Object> brief = new LinkedHashMap<>();
            brief.put("requestId", route.requestId());
            brief.put("model", route.model());
            brief.put("decidedAt", route.decidedAt().toString());
            brief.put("requesterCountry", route.requester().country());
            brief.put("policyVersion", route.policyVersion());
            brief.put("servedBy", List.copyOf(servedBy));
            brief.put("outcome", outcome);
            brief.put("route", route.summary());
            brief.put("filtered", route.rejected().size());
            return brief;
        }
    }

    public Logged record(Route route) {
        Logged entry = new Logged(route);
        synchronized (ring) {
            ring[next] = entry;
            next = (next + 1) % CAPACITY;
            size = Math.min(size + 1, CAPACITY);
        }
        return entry;
    }

    public void served(Logged entry, String engineLabel) {
        synchronized (entry) {
            entry.servedBy.add(engineLabel);
        }
    }

    public void ended(Logged entry, String outcome) {
        synchronized (entry) {
            entry.outcome = outcome;
        }
    }

    public Optional<Logged> find(String requestId) {
        synchronized (ring) {
            for (int i = 1; i <= size; i++) {
                Logged entry = ring[Math.floorMod(next - i, CAPACITY)];
                if (entry.route.requestId().equals(requestId)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        }
    }

    /** The latest {@code limit} entries, newest first. */
    public List<Logged> recent(int limit) {
        synchronized (ring) {
            List<Logged> latest = new ArrayList<>(Math.min(limit, size));
            for (int i = 1; i <= Math.min(limit, size); i++) {
                latest.add(ring[Math.floorMod(next - i, CAPACITY)]);
            }
            return latest;
        }
    }
}
