package io.hyperlocal.routing;

import java.util.Objects;

/** Why a candidate was filtered out. */
public record Rejection(Candidate candidate, Reason reason) {

    /** The hard filters, in the order they run. */
    public enum Reason {
        MODEL_NOT_SERVED,
        UNHEALTHY
    }

    public Rejection {
        Objects.requireNonNull(candidate, "candidate is null");
        Objects.requireNonNull(reason, "reason is null");
    }
}
