package io.hyperlocal.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which engine served each session last ({@code x-session-id}), bounded: the least recently used
 * sessions are forgotten first. Thread-safe.
 */
final class SessionTable {
    private final LinkedHashMap<String, EngineKey> sessions;

    SessionTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EngineKey> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<EngineKey> lastServed(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    synchronized void record(String sessionId, EngineKey engine) {
        sessions.put(sessionId, engine);
    }

    synchronized int size() {
        return sessions.size();
    }
}
