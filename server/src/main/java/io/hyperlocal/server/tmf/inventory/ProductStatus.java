package io.hyperlocal.server.tmf.inventory;

import io.hyperlocal.server.tmf.common.TmfException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TMF637 {@code ProductStatusType}. The published enum spells one literal {@code "aborted "}, with
 * a trailing space; we write {@code "aborted"} and read both spellings, so a client that copies the
 * spec's literal is understood and one that compares against the obvious word is not surprised.
 */
public enum ProductStatus {
    CREATED("created"),
    PENDING_ACTIVE("pendingActive"),
    ACTIVE("active"),
    SUSPENDED("suspended"),
    PENDING_TERMINATE("pendingTerminate"),
    TERMINATED("terminated"),
    CANCELLED("cancelled"),
    ABORTED("aborted");

    private final String label;

    ProductStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Reads a status; {@code "aborted "} (the spec's literal) is {@link #ABORTED}. */
    public static ProductStatus parse(String value, String field) {
        String trimmed = value == null ? "" : value.strip();
        return Arrays.stream(values()).filter(status -> status.label.equals(trimmed)).findFirst()
                .orElseThrow(() -> TmfException.badRequest(field, field + " must be one of "
                        + Arrays.stream(values()).map(ProductStatus::label).toList() + ", not '" + value + "'."));
    }

    /** The statuses this one may move to. */
    public Set<ProductStatus> next() {
        return switch (this) {
            case CREATED -> Set.of(PENDING_ACTIVE, ACTIVE, CANCELLED, ABORTED);
            case PENDING_ACTIVE -> Set.of(ACTIVE, CANCELLED, ABORTED);
            case ACTIVE -> Set.of(SUSPENDED, PENDING_TERMINATE, TERMINATED);
            case SUSPENDED -> Set.of(ACTIVE, PENDING_TERMINATE, TERMINATED);
            case PENDING_TERMINATE -> Set.of(ACTIVE, TERMINATED);
            case TERMINATED, CANCELLED, ABORTED -> Set.of();
        };
    }

    /** Whether a product in this status still exists for its customer (not ended). */
    public boolean isLive() {
        return !next().isEmpty();
    }

    /** Refuses a move that {@link #next()} does not allow, with a 409 that lists the allowed ones. */
    public void checkMoveTo(ProductStatus target, String productId) {
        if (!next().contains(target)) {
            throw TmfException.conflict("status", "Product " + productId + " is " + label + " and cannot become "
                    + target.label + "; from " + label + " it may become "
                    + (next().isEmpty() ? "nothing (it has ended)"
                            : next().stream().map(ProductStatus::label).sorted().collect(Collectors.joining(", ")))
                    + ".");
        }
    }
}
