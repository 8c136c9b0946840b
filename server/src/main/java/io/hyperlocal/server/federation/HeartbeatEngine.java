package io.hyperlocal.server.federation;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * An engine of a site agent as the gateway sees it: requests go to the agent through the wrapped
 * {@code OpenAiCompatibleEngine}, while health and load come from the agent's heartbeats. The engine
 * is {@code Down} as soon as the site's last heartbeat is older than {@code downAfter}, and back as
 * soon as beats resume; it is also {@code Down} when the agent reports it unhealthy or when the
 * wrapped engine has seen repeated request failures.
 *
 * <p>Requests running on the agent when its heartbeats stop fail then too, with {@code engine_failed},
 * so that the gateway moves them to another allowed site. An agent that dies closes its connections
 * and its requests fail at once; one whose machine hangs or whose network is cut keeps them open, and
 * without this a stream there waited for the remote engine's idle timeout (15 s) before failing over.
 */
final class HeartbeatEngine implements InferenceEngine {
    private static final Logger LOG = Logger.getLogger(HeartbeatEngine.class);
    private final String siteId;
    private final InferenceEngine remote;
    private final Heartbeats heartbeats;
    private final Duration downAfter;

    /** The generations running on the agent, failed together when its heartbeats stop. */
    private final Set<Watched> running = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> watchdog;

    /**
     * @param scheduler runs the check of the running generations, every sixth of {@code downAfter}
     *     (250 ms by default, the agents' heartbeat period)
     */
    HeartbeatEngine(String siteId, InferenceEngine remote, Heartbeats heartbeats, Duration downAfter,
            ScheduledExecutorService scheduler) {
        this.siteId = Objects.requireNonNull(siteId, "siteId is null");
        this.remote = Objects.requireNonNull(remote, "remote is null");
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats is null");
        this.downAfter = Objects.requireNonNull(downAfter, "downAfter is null");
        long period = Math.max(10, downAfter.toMillis() / 6);
        this.watchdog = scheduler.scheduleAtFixedRate(this::failIfSilent, period, period, TimeUnit.MILLISECONDS);
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
        Watched watched = new Watched(listener);
        running.add(watched);
        try {
            watched.generation = remote.generate(request, watched);
        } catch (RuntimeException e) {
            running.remove(watched);
            throw e;
        }
        if (watched.lost.get() != null) {
            // The site went silent while the request was being sent.
            watched.generation.cancel();
        }
        return watched;
    }

    /** Fails the running generations when the site's last heartbeat is older than {@code downAfter}. */
    void failIfSilent() {
        try {
            failRunningIfSilent();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: the next check must still happen.
            LOG.warnf(e, "Site %s: the check of its running requests failed; it runs again in the next period", siteId);
        }
    }

    private void failRunningIfSilent() {
        if (running.isEmpty()) {
            return;
        }
        Optional<Heartbeats.Beat> last = heartbeats.last(siteId);
        if (last.isEmpty()) {
            return;
        }
        long ageMillis = heartbeats.age(last.get()).toMillis();
        if (ageMillis <= downAfter.toMillis()) {
            return;
        }
        HyperlocalException error = new HyperlocalException(ErrorCode.ENGINE_FAILED, "Site " + siteId
                + " sent no heartbeat for " + ageMillis + " ms (down after " + downAfter.toMillis()
                + " ms, hyperlocal.federation.down-after): its agent stopped or is cut off, so engine " + id()
                + " there cannot finish this request.");
        for (Watched watched : running) {
            watched.lose(error);
        }
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
        watchdog.cancel(false);
        remote.close();
    }

    /**
     * A generation on the agent, between the remote engine and the gateway's listener. Once its site
     * is lost, it is cancelled on the agent and its end reaches the listener as that failure, with the
     * tokens used so far; tokens still arriving are not passed on.
     */
    private final class Watched implements Generation, GenerationListener {
        private final GenerationListener listener;
        private final AtomicReference<HyperlocalException> lost = new AtomicReference<>();
        private volatile Generation generation;

        Watched(GenerationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener is null");
        }

        void lose(HyperlocalException error) {
            if (lost.compareAndSet(null, error)) {
                Generation current = generation;
                if (current != null) {
                    current.cancel();
                }
            }
        }

        @Override
        public void cancel() {
            Generation current = generation;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void onEvent(GenerationEvent event) {
            HyperlocalException error = lost.get();
            if (event instanceof GenerationEvent.Token) {
                if (error == null) {
                    listener.onEvent(event);
                }
                return;
            }
            running.remove(this);
            if (error == null) {
                listener.onEvent(event);
                return;
            }
            TokenUsage used = switch (event) {
                case GenerationEvent.Completed completed -> completed.usage();
                case GenerationEvent.Failed failed -> failed.usage();
                case GenerationEvent.Token token -> TokenUsage.NONE;
            };
            listener.onEvent(new GenerationEvent.Failed(error, used));
        }
    }
}
