package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Filter, score, order. Hard filters (model served, healthy) never fail open: when nothing passes,
 * {@link #route} throws instead of picking a rejected candidate. The survivors are scored by spare
 * capacity and ordered best first; equal scores are ordered by the injected random generator, so a
 * seeded generator replays the same decision.
 *
 * <p>Not thread-safe when the random generator is not: give each thread its own router or a
 * thread-safe generator.
 */
public final class Router {
    private final RandomGenerator random;

    public Router(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /**
     * @throws HyperlocalException {@link ErrorCode#MODEL_NOT_FOUND} when no candidate serves the model,
     *     {@link ErrorCode#NO_CAPACITY} when those that do are all down
     */
    public Route route(String requestId, String model, Collection<Candidate> candidates) {
        List<Rejection> rejected = new ArrayList<>();
        List<ScoredCandidate> passed = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (!candidate.models().contains(model)) {
                rejected.add(new Rejection(candidate, Rejection.Reason.MODEL_NOT_SERVED));
            } else if (!candidate.health().canServe()) {
                rejected.add(new Rejection(candidate, Rejection.Reason.UNHEALTHY));
            } else {
                passed.add(new ScoredCandidate(candidate, score(candidate)));
            }
        }
        if (passed.isEmpty()) {
            throw noCandidate(model, rejected);
        }
        // Shuffle first, then a stable sort: ties keep their random order.
        for (int i = passed.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ScoredCandidate swap = passed.get(i);
            passed.set(i, passed.get(j));
            passed.set(j, swap);
        }
        passed.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed());
        return new Route(requestId, model, passed, rejected);
    }

    /** Spare capacity in [0, 1]; a degraded engine counts for half. */
    static double score(Candidate candidate) {
        double spare = 1 - candidate.load().utilisation();
        return switch (candidate.health()) {
            case EngineHealth.Ready ready -> spare;
            case EngineHealth.Degraded degraded -> spare / 2;
            case EngineHealth.Down down -> 0;
        };
    }

    private static HyperlocalException noCandidate(String model, List<Rejection> rejected) {
        boolean served = rejected.stream().anyMatch(r -> r.reason() != Rejection.Reason.MODEL_NOT_SERVED);
        if (!served) {
            return new HyperlocalException(ErrorCode.MODEL_NOT_FOUND,
                    "The model '" + model + "' does not exist or you do not have access to it.", "model");
        }
        String down = rejected.stream()
                .filter(r -> r.reason() == Rejection.Reason.UNHEALTHY)
                .map(r -> r.candidate().label() + " (" + r.candidate().health() + ")")
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
        return new HyperlocalException(ErrorCode.NO_CAPACITY,
                "No engine can serve model '" + model + "' right now: every engine that has it is down: " + down
                        + ". Retry later; the platform team can check the sites on the console.");
    }
}
