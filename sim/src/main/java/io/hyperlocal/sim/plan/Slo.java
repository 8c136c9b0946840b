package io.hyperlocal.sim.plan;

import java.time.Duration;

/**
 * The latency objective the fleet is sized and checked against. A request meets it when its time to
 * first token is at most {@code ttft} and its mean gap between later tokens is at most {@code interToken}.
 *
 * @param ttft positive
 * @param interToken positive
 * @param attainment share of requests that must meet it at peak, in (0, 1]
 */
public record Slo(Duration ttft, Duration interToken, double attainment) {
    public Slo {
        if (ttft == null || ttft.isNegative() || ttft.isZero()) throw new IllegalArgumentException("ttft must be > 0");
        if (interToken == null || interToken.isNegative() || interToken.isZero()) {
            throw new IllegalArgumentException("interToken must be > 0");
        }
        if (!(Check.finite("attainment", attainment) > 0 && attainment <= 1)) {
            throw new IllegalArgumentException("attainment must be in (0, 1], was " + attainment);
        }
    }
}
