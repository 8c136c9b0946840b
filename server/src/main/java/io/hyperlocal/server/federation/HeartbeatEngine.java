package io.hyperlocal.server.federation;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine of a site agent as the gateway sees it: requests go to the agent through the wrapped
 * {@code OpenAiCompatibleEngine}, while health and load come from the agent's heartbeats. The engine
 * is {@code Down} as soon as the site's last heartbeat is older than {@code downAfter}, and back as
 * soon as beats resume; it is also {@code Down} when the agent reports it unhealthy or when the
 * wrapped engine has seen repeated request failures.
 */
final class HeartbeatEngine implements InferenceEngine {
    private final String siteId;
    private final InferenceEngine remote;
    private final Heartbeats heartbeats;
    private final Duration downAfter;

    HeartbeatEngine(String siteId, InferenceEngine remote, Heartbeats heartbeats, Duration downAfter) {
        this.siteId = Objects.requireNonNull(siteId, "siteId is null");
        this.remote = Objects.requireNonNull(remote, "remote is null");
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats is null");
        this.downAfter = Objects.requireNonNull(downAfter, "downAfter is null");
    }

    @Override
    public String id() {
        return remote.id();
    }

    @Override
    public EngineKind kind() {
        return remote.kind();
    }

    @Override
    public List<ModelInfo> models() {
        return remote.models();
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) {
        return remote.generate(request, listener);
    }

    @Override
    public int countTokens(String model, String text) {
        return remote.countTokens(model, text);
    }

    @Override
    public EngineHealth health() {
        Optional<Heartbeats.Beat> last = heartbeats.last(siteId);
        if (last.isEmpty()) {
            return new EngineHealth.Down("no heartbeat from site " + siteId + " since the gateway started");
        }
        Heartbeats.Beat beat = last.get();
        long ageMillis = heartbeats.age(beat).toMillis();
        if (ageMillis > downAfter.toMillis()) {
            return new EngineHealth.Down("no heartbeat from site " + siteId + " for " + ageMillis
                    + " ms (down after " + downAfter.toMillis() + " ms, hyperlocal.federation.down-after); "
                    + "is its agent running and able to reach the control plane?");
        }
        Optional<Heartbeats.EngineBeat> engine = beat.engine(id());
        if (engine.isPresent() && !engine.get().healthy()) {
            return new EngineHealth.Down("the agent of site " + siteId + " reports engine " + id() + " unhealthy");
        }
        EngineHealth remoteHealth = remote.health();
        return switch (remoteHealth) {
            case EngineHealth.Down down -> down;
            // Fresh heartbeats are a better sign of life than the remote engine's own probes.
            case EngineHealth.Degraded degraded -> EngineHealth.READY;
            case EngineHealth.Ready ready -> ready;
        };
    }

    @Override
    public EngineLoad load() {
        return heartbeats.last(siteId).flatMap(beat -> beat.engine(id()))
                .map(Heartbeats.EngineBeat::load)
                .orElseGet(remote::load);
    }

    @Override
    public void close() {
        remote.close();
    }
}
