package io.hyperlocal.routing;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Why a candidate was filtered out: the filter that refused it and what exactly, for example
 * {@code tags [US] hold none of [EU]}.
 *
 * <p>A class rather than a record so that the router can leave the detail unwritten: a decision over
 * a large federation rejects hundreds of candidates, and their texts are read only when nothing passes
 * or an operator looks the decision up (writing them took a tenth of a decision over 1,000 candidates,
 * {@code BenchmarkRouting}). The detail is written from the same immutable figures on first use, so it
 * reads the same whenever it is asked for.
 */
public final class Rejection {

    /** The hard filters, in the order they run. */
    public enum Reason {
        OUTSIDE_RESIDENCY,
        MODEL_NOT_SERVED,
        UNHEALTHY,
        SATURATED
    }

    private final Candidate candidate;
    private final Reason reason;
    private final Supplier<String> writer;
    /** Written on first use; a race writes the same text twice, and a String is safe to publish so. */
    private String detail;

    public Rejection(Candidate candidate, Reason reason, String detail) {
        this(candidate, reason, () -> detail);
        this.detail = Objects.requireNonNull(detail, "detail is null");
    }

    /** A rejection whose detail {@code writer} writes when first asked for; it must not return null. */
    Rejection(Candidate candidate, Reason reason, Supplier<String> writer) {
        this.candidate = Objects.requireNonNull(candidate, "candidate is null");
        this.reason = Objects.requireNonNull(reason, "reason is null");
        this.writer = Objects.requireNonNull(writer, "writer is null");
    }

    public Candidate candidate() {
        return candidate;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        String written = detail;
        if (written == null) {
            written = Objects.requireNonNull(writer.get(), "the rejection's detail is null");
            detail = written;
        }
        return written;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rejection that && candidate.equals(that.candidate) && reason == that.reason
                && detail().equals(that.detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(candidate, reason, detail());
    }

    @Override
    public String toString() {
        return "Rejection[candidate=" + candidate + ", reason=" + reason + ", detail=" + detail() + "]";
    }
}
