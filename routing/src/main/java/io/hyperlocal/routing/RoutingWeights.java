package io.hyperlocal.routing;

/**
 * How much each scorer counts in a candidate's total. The total is the weighted sum divided by the
 * sum of the weights, so it stays in [0, 1] whatever the weights; a weight of 0 turns a scorer off.
 *
 * @param proximity closeness to the requester (distance or RTT)
 * @param load spare capacity from live figures
 * @param prefix share of the prompt's leading blocks the engine has probably cached
 * @param session whether the engine served this session last
 */
public record RoutingWeights(double proximity, double load, double prefix, double session) {
    /**
     * Load and prefix as llm-d's defaults weigh queue plus KV against prefix (2 + 2 against 3), session
     * as strong as prefix because both mean a warm cache, proximity a tie-breaker between sites
     * whose RTT differences are small next to generation time.
     */
    public static final RoutingWeights DEFAULTS = new RoutingWeights(1, 4, 3, 3);

    public RoutingWeights {
        requireWeight("proximity", proximity);
        requireWeight("load", load);
        requireWeight("prefix", prefix);
        requireWeight("session", session);
        if (proximity + load + prefix + session <= 0) {
            throw new IllegalArgumentException("at least one weight must be positive: all are 0");
        }
    }

    double sum() {
        return proximity + load + prefix + session;
    }

    private static void requireWeight(String name, double weight) {
        if (!(weight >= 0 && weight <= 1000)) {
            throw new IllegalArgumentException("weight " + name + " must be in [0, 1000]: " + weight);
        }
    }
}
