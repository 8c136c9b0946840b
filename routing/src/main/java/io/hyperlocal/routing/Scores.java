package io.hyperlocal.routing;

/**
 * One candidate's score from each scorer, each in [0, 1], after the load guard.
 *
 * @param proximity closeness to the requester
 * @param load spare capacity; 0 for stale figures
 * @param prefix share of the prompt's leading blocks probably cached on the engine
 * @param session 1 when the engine served this session last
 * @param affinityBroken whether the load guard zeroed prefix and session because the engine was much
 *     more loaded than the best other candidate
 */
public record Scores(double proximity, double load, double prefix, double session, boolean affinityBroken) {
    public Scores {
        requireUnit("proximity", proximity);
        requireUnit("load", load);
        requireUnit("prefix", prefix);
        requireUnit("session", session);
    }

    /** The weighted mean, in [0, 1]. */
    double total(RoutingWeights weights) {
        double sum = weights.proximity() * proximity + weights.load() * load + weights.prefix() * prefix
                + weights.session() * session;
        // min() absorbs rounding above 1 when every score is 1.
        return Math.min(1, sum / weights.sum());
    }

    Scores withoutAffinity() {
        return new Scores(proximity, load, 0, 0, true);
    }

    boolean hasAffinity() {
        return prefix > 0 || session > 0;
    }

    private static void requireUnit(String name, double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException(name + " score must be in [0, 1]: " + score);
        }
    }
}
