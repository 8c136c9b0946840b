package io.hyperlocal.routing;

/** How the scored candidates are put in order. */
public enum Picker {
    /**
     * Best score first; equal scores in a random order, so equal engines share the load and a seeded
     * generator replays the decision.
     */
    HIGHEST_SCORE,
    /**
     * A random order where each place goes to a remaining candidate with probability proportional to
     * its score (weighted sampling without replacement, A-Res keys {@code u^(1/score)}); candidates
     * scoring 0 come last in a uniform order. Spreads load where the best engine would be hot-spotted.
     */
    WEIGHTED_RANDOM
}
