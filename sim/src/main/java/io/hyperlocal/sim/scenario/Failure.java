package io.hyperlocal.sim.scenario;

import java.time.Duration;

/** Something that goes wrong at a site during the run. */
public sealed interface Failure {

    /** The site it hits. */
    String site();

    /** When it starts. */
    Duration start();

    /** When it is over. */
    Duration end();

    /**
     * The whole site goes down at {@code at} (power, network) and comes back at {@code recoverAt} with
     * empty KV caches. Requests in flight there are retried elsewhere or fail ({@link RoutingSpec#retryOnCrash}).
     */
    record Crash(String site, Duration at, Duration recoverAt) implements Failure {
        public Crash {
            Check.notBlank("site", site);
            Check.notNegative("at", at);
            Check.positive("recoverAt", recoverAt);
            if (recoverAt.compareTo(at) <= 0) {
                throw new ScenarioException("recoverAt: must be after at (" + at + "): " + recoverAt);
            }
        }

        @Override
        public Duration start() {
            return at;
        }

        @Override
        public Duration end() {
            return recoverAt;
        }
    }

    /** Every step at the site takes {@code factor} times as long during {@code [from, to)} (thermal throttling, a noisy neighbour). */
    record Slowdown(String site, Duration from, Duration to, double factor) implements Failure {
        public Slowdown {
            Check.notBlank("site", site);
            Check.notNegative("from", from);
            Check.positive("to", to);
            if (to.compareTo(from) <= 0) {
                throw new ScenarioException("to: must be after from (" + from + "): " + to);
            }
            if (!(factor >= 1 && factor <= 1000)) {
                throw new ScenarioException("factor: must be in [1, 1000]: " + factor);
            }
        }

        @Override
        public Duration start() {
            return from;
        }

        @Override
        public Duration end() {
            return to;
        }
    }
}
