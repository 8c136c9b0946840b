package io.hyperlocal.server.tmf.ordering;

import io.hyperlocal.server.tmf.common.TmfException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * TMF622 v5 {@code ProductOrderStateType} and the moves between its states. {@code inProgress.accepted}
 * is not used: an order is accepted and delivered in one step.
 *
 * <pre>
 * draft -> acknowledged -> inProgress -> completed | failed | partial
 *              |               |-> pending | held -> inProgress
 *              |-> rejected    |-> assessingCancellation -> pendingCancellation -> cancelled
 *  draft | acknowledged | pending | held -> cancelled
 * </pre>
 */
public enum OrderState {
    DRAFT("draft"),
    ACKNOWLEDGED("acknowledged"),
    REJECTED("rejected"),
    PENDING("pending"),
    HELD("held"),
    IN_PROGRESS("inProgress"),
    CANCELLED("cancelled"),
    COMPLETED("completed"),
    FAILED("failed"),
    PARTIAL("partial"),
    ASSESSING_CANCELLATION("assessingCancellation"),
    PENDING_CANCELLATION("pendingCancellation");

    private final String label;

    OrderState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static OrderState parse(String value, String field) {
        return Arrays.stream(values()).filter(state -> state.label.equals(value)).findFirst()
                .orElseThrow(() -> TmfException.badRequest(field, field + " must be one of "
                        + Arrays.stream(values()).map(OrderState::label).toList() + ", not '" + value + "'."));
    }

    /** Every state this one may move to, whoever moves it. */
    public Set<OrderState> next() {
        return switch (this) {
            case DRAFT -> Set.of(ACKNOWLEDGED, CANCELLED);
            case ACKNOWLEDGED -> Set.of(IN_PROGRESS, REJECTED, CANCELLED);
            case IN_PROGRESS -> Set.of(COMPLETED, FAILED, PARTIAL, PENDING, HELD, ASSESSING_CANCELLATION);
            case PENDING, HELD -> Set.of(IN_PROGRESS, CANCELLED, ASSESSING_CANCELLATION);
            case ASSESSING_CANCELLATION -> Set.of(PENDING_CANCELLATION, IN_PROGRESS);
            case PENDING_CANCELLATION -> Set.of(CANCELLED);
            case REJECTED, CANCELLED, COMPLETED, FAILED, PARTIAL -> Set.of();
        };
    }

    /** The moves a client may ask for with PATCH: submit a draft, or cancel before delivery starts. */
    public Set<OrderState> nextByClient() {
        return switch (this) {
            case DRAFT -> Set.of(ACKNOWLEDGED, CANCELLED);
            case ACKNOWLEDGED, PENDING, HELD -> Set.of(CANCELLED);
            case REJECTED, IN_PROGRESS, CANCELLED, COMPLETED, FAILED, PARTIAL, ASSESSING_CANCELLATION,
                    PENDING_CANCELLATION -> Set.of();
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Refuses a client's move that {@link #nextByClient()} does not allow, with a 409. */
    public void checkClientMoveTo(OrderState target, String orderId) {
        if (!nextByClient().contains(target)) {
            throw TmfException.conflict("state", "Product order " + orderId + " is " + label + " and cannot be moved to "
                    + target.label + (nextByClient().isEmpty() ? "; it accepts no state change now."
                            : "; it may only become " + nextByClient().stream().map(OrderState::label).sorted()
                                    .collect(Collectors.joining(" or ")) + "."));
        }
    }
}
