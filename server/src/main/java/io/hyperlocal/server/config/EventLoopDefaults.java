package io.hyperlocal.server.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One Vert.x event loop per core, where Quarkus defaults to two. A gateway's loops never block (the
 * requests that must wait for the database move to worker threads), so more loops than cores only
 * adds context switches: on the 2-core build machine, 2 loops instead of 4 took CPU per request at
 * 4,000 to 5,000 requests/s from 240-310 to 180-230 µs (bench/gateway-peers.sh, held peers, both
 * orders). A default only: its ordinal is below {@code application.properties} and the environment,
 * so {@code quarkus.vertx.event-loops-pool-size} set anywhere wins.
 */
public final class EventLoopDefaults implements ConfigSource {
    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";
    private final Map<String, String> properties =
            Map.of(EVENT_LOOPS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "hyperlocal-event-loop-defaults";
    }

    @Override
    public int getOrdinal() {
        // Below application.properties (250), the environment (300) and system properties (400).
        return 150;
    }
}
