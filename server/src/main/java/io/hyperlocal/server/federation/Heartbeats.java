package io.hyperlocal.server.federation;

import io.hyperlocal.core.EngineLoad;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The last heartbeat of every site agent ({@code ./hyperlocal site}), stamped on the gateway's own
 * monotonic clock, so that an agent's clock never decides whether it is alive. Thread-safe.
 */
@ApplicationScoped
public class Heartbeats {
    private final Map<String, Beat> beats = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public Heartbeats() {
        this(System::nanoTime);
    }

    Heartbeats(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime is null");
    }

    /**
     * One engine as its agent reports it.
     *
     * @param id engine id, unique within the site
     * @param models the model ids it serves
     * @param slots sequences it runs at once, at least 1
     * @param load its live figures
     * @param healthy false when the agent itself finds the engine unable to serve
     */
    public record EngineBeat(String id, List<String> models, int slots, EngineLoad load, boolean healthy) {
        public EngineBeat {
            Objects.requireNonNull(id, "id is null");
            models = List.copyOf(Objects.requireNonNull(models, "models is null"));
            Objects.requireNonNull(load, "load is null");
            if (slots < 1) {
                throw new IllegalArgumentException("slots must be at least 1: " + slots);
            }
        }

        /** What the federation's stored site depends on; load and health change with every beat. */
        String shape() {
            return id + models + slots;
        }
    }

    /** The last heartbeat of a site: its advertised URL, its engines, when it arrived (gateway nanos). */
    public record Beat(String siteId, String url, List<EngineBeat> engines, long receivedNanos) {
        public Beat {
            Objects.requireNonNull(siteId, "siteId is null");
            Objects.requireNonNull(url, "url is null");
            engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
        }

        Optional<EngineBeat> engine(String engineId) {
            return engines.stream().filter(engine -> engine.id().equals(engineId)).findFirst();
        }

        private String shape() {
            return url + engines.stream().map(EngineBeat::shape).toList();
        }
    }

    /**
     * Records a heartbeat; returns true when the site is new to this gateway process or its URL or
     * engines (ids, models, slots) changed, so that the caller stores it and rebuilds its engines.
     */
    public boolean record(String siteId, String url, List<EngineBeat> engines) {
        Beat beat = new Beat(siteId, url, engines, nanoTime.getAsLong());
        Beat previous = beats.put(siteId, beat);
        return previous == null || !previous.shape().equals(beat.shape());
    }

    /** Forgets a site, for example when storing its registration failed, so that its next beat retries. */
    public void forget(String siteId) {
        beats.remove(siteId);
    }

    /** The site's last heartbeat, empty when none arrived since the gateway started. */
    public Optional<Beat> last(String siteId) {
        return Optional.ofNullable(beats.get(siteId));
    }

    /** How long ago the site's last heartbeat arrived. */
    Duration age(Beat beat) {
        return Duration.ofNanos(nanoTime.getAsLong() - beat.receivedNanos());
    }
}
