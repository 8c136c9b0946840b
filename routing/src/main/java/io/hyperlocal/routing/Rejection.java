package io.hyperlocal.routing;

import java.util.Objects;

/**
 * Why a candidate was filtered out.
 *
 * @param candidate the candidate
 * @param reason the filter that refused it
 * @param detail what exactly, for example {@code tags [US] hold none of [EU]}
 */
public record Rejection(Candidate candidate, Reason reason, String detail) {

    /** The hard filters, in the order they run. */
    public enum Reason {
        OUTSIDE_RESIDENCY,
        MODEL_NOT_SERVED,
        UNHEALTHY,
        SATURATED
    }

    public Rejection {
        Objects.requireNonNull(candidate, "candidate is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(detail, "detail is null");
    }
}
