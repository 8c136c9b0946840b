package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.Site;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Filter, score, order. The hard filters run in order (residency, model, health, saturation) and never
 * fail open: when nothing passes, {@link #route} throws a residency or capacity error rather than
 * relax one. The survivors are scored (proximity, load, prefix-cache affinity, session affinity,
 * with the load guard), weighted into a total in [0, 1] and ordered by the configured {@link Picker}.
 *
 * <p>A router is long-lived: it remembers which prompt blocks and sessions went where, and feeds the
 * affinity scorers from that memory. Thread-safe; decisions taken in parallel draw from the one
 * random generator in turn, so replaying a decision exactly needs the same sequence of calls.
 */
public final class Router {
    private final RoutingConfig config;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final PrefixCacheIndex prefixIndex;
    private final SessionTable sessions;

    public Router(RoutingConfig config, InstantSource clock, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.random = Objects.requireNonNull(random, "random is null");
        this.prefixIndex = new PrefixCacheIndex(config.prefixBlocksPerEngine());
        this.sessions = new SessionTable(config.sessionCapacity());
    }

    public RoutingConfig config() {
        return config;
    }

    /** The prompt's block hashes, cut as this router's prefix index expects. */
    public PromptBlocks blocks(Prompt prompt) {
        return PromptBlocks.of(prompt, config.prefixBlockChars(), config.maxPrefixBlocks());
    }

    /**
     * Routes one request and remembers the best candidate as serving its prompt blocks and session.
     *
     * @throws HyperlocalException {@link ErrorCode#JURISDICTION_NOT_ALLOWED} when the requester's
     *     narrowing would widen their rule; {@link ErrorCode#MODEL_NOT_FOUND} when no candidate serves
     *     the model; {@link ErrorCode#NO_ALLOWED_SITE} when some do but none in an allowed
     *     jurisdiction; {@link ErrorCode#NO_CAPACITY} when the allowed ones are all down or saturated
     */
    public Route route(RoutingRequest request, ResidencyPolicy policy, Collection<Candidate> candidates) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(policy, "policy is null");
        Objects.requireNonNull(candidates, "candidates is null");
        Instant now = clock.instant();
        ResidencyScope scope = policy.scopeFor(request.requester());
        List<Rejection> rejected = new ArrayList<>();
        List<Candidate> passed = new ArrayList<>(candidates.size());
        // Engines of a site share its Site object: judge residency and distance once per site.
        Map<Site, Optional<String>> refusals = new IdentityHashMap<>();
        Function<Site, Optional<String>> refusalOf = scope::refusal;
        for (Candidate candidate : candidates) {
            Optional<String> refusal = refusals.computeIfAbsent(candidate.site(), refusalOf);
            Optional<Rejection> rejection = filter(candidate, refusal, request.model(), now);
            if (rejection.isPresent()) {
                rejected.add(rejection.get());
            } else {
                passed.add(candidate);
            }
        }
        if (passed.isEmpty()) {
            throw NoRoute.failure(request, scope, candidates, rejected);
        }
        List<ScoredCandidate> ordered = order(score(request, passed, now));
        remember(request, ordered.getFirst().candidate());
        return new Route(request.requestId(), request.model(), request.requester(), policy.version(), now, ordered,
                rejected);
    }


    /**
     * Records that {@code served} served the request, when failover moved it off the route's first
     * candidate, so the next request of the session and prompt goes where the cache is warm.
     */
    public void remember(RoutingRequest request, Candidate served) {
        prefixIndex.record(served.key(), request.prompt());
        if (request.hasSession()) {
            sessions.record(request.sessionId(), served.key());
        }
    }

    /** Forgets what the affinity index knows of an engine that left the federation. */
    public void forget(String siteId, String engineId) {
        prefixIndex.forget(new EngineKey(siteId, engineId));
    }

    /** Block hashes the prefix index holds for an engine, for tests. */
    int prefixIndexSize(String siteId, String engineId) {
        return prefixIndex.size(new EngineKey(siteId, engineId));
    }

    private Optional<Rejection> filter(Candidate candidate, Optional<String> refusal, String model, Instant now) {
        if (refusal.isPresent()) {
            return Optional.of(new Rejection(candidate, Rejection.Reason.OUTSIDE_RESIDENCY, refusal.get()));
        }
        if (!candidate.models().contains(model)) {
            return Optional.of(new Rejection(candidate, Rejection.Reason.MODEL_NOT_SERVED, () -> "does not serve " + model));
        }
        if (candidate.health() instanceof EngineHealth.Down down) {
            return Optional.of(new Rejection(candidate, Rejection.Reason.UNHEALTHY, () -> "down: " + down.reason()));
        }
        if (LoadScorer.saturated(candidate, now, config)) {
            return Optional.of(new Rejection(candidate, Rejection.Reason.SATURATED,
                    () -> LoadScorer.saturation(candidate, now, config).orElseThrow()));
        }
        return Optional.empty();
    }

    private List<ScoredCandidate> score(RoutingRequest request, List<Candidate> passed, Instant now) {
        Optional<EngineKey> sessionEngine = request.hasSession()
                ? sessions.lastServed(request.sessionId()) : Optional.empty();
        List<Scores> raw = new ArrayList<>(passed.size());
        Map<Site, Double> proximity = new IdentityHashMap<>();
        Function<Site, Double> closeness = site -> ProximityScorer.score(request.location(), site, config);
        for (Candidate candidate : passed) {
            double prefix = request.prompt().size() == 0 ? 0
                    : prefixIndex.matchedBlocks(candidate.key(), request.prompt()) / (double) request.prompt().size();
            double session = sessionEngine.isPresent() && sessionEngine.get().equals(candidate.key()) ? 1 : 0;
            double close = proximity.computeIfAbsent(candidate.site(), closeness);
            raw.add(new Scores(close,
                    LoadScorer.score(candidate, now, config), prefix, session, false));
        }
        List<Scores> guarded = LoadGuard.apply(raw, config.loadGuardMargin());
        List<ScoredCandidate> scored = new ArrayList<>(passed.size());
        for (int i = 0; i < passed.size(); i++) {
            Scores scores = guarded.get(i);
            scored.add(new ScoredCandidate(passed.get(i), scores, scores.total(config.weights())));
        }
        return scored;
    }

    private List<ScoredCandidate> order(List<ScoredCandidate> scored) {
        // The generator may not be thread-safe (SplittableRandom is not); picking is short.
        synchronized (random) {
            return switch (config.picker()) {
                case HIGHEST_SCORE -> Pickers.highestScore(scored, random);
                case WEIGHTED_RANDOM -> Pickers.weightedRandom(scored, random);
            };
        }
    }
}
