package io.hyperlocal.server.tmf.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.tmf.common.TmfException;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OrderStateTest {
    private static final Set<OrderState> FINAL = EnumSet.of(OrderState.COMPLETED, OrderState.FAILED,
            OrderState.PARTIAL, OrderState.REJECTED, OrderState.CANCELLED);

    /**
     * Random requests applied to an order from its first state: a move is taken only when the state
     * machine allows it, and whatever the sequence, a final state is never left and every client
     * move is also a move of the machine.
     */
    @Property(tries = 500)
    void randomMoveSequencesRespectTheStateMachine(@ForAll @Size(max = 30) List<OrderState> requests,
            @ForAll boolean startAsDraft) {
        OrderState state = startAsDraft ? OrderState.DRAFT : OrderState.ACKNOWLEDGED;
        for (OrderState request : requests) {
            assertThat(state.next()).containsAll(state.nextByClient());
            if (state.next().contains(request)) {
                assertThat(FINAL).doesNotContain(state);
                state = request;
            } else if (!state.nextByClient().contains(request)) {
                OrderState before = state;
                assertThatThrownBy(() -> before.checkClientMoveTo(request, "o-1")).isInstanceOf(TmfException.class)
                        .extracting(e -> ((TmfException) e).status()).isEqualTo(409);
            }
            assertThat(state.isFinal()).isEqualTo(FINAL.contains(state));
        }
    }

    @Test
    void everyStateIsReachableAndEveryStateCanEnd() {
        Set<OrderState> reached = EnumSet.noneOf(OrderState.class);
        ArrayDeque<OrderState> queue = new ArrayDeque<>(List.of(OrderState.DRAFT));
        while (!queue.isEmpty()) {
            OrderState state = queue.poll();
            if (reached.add(state)) {
                queue.addAll(state.next());
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(OrderState.values());
        for (OrderState state : OrderState.values()) {
            assertThat(state.isFinal() || canEnd(state)).as(state.label()).isTrue();
        }
    }

    private static boolean canEnd(OrderState start) {
        Set<OrderState> seen = EnumSet.noneOf(OrderState.class);
        ArrayDeque<OrderState> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            OrderState state = queue.poll();
            if (state.isFinal()) {
                return true;
            }
            if (seen.add(state)) {
                queue.addAll(state.next());
            }
        }
        return false;
    }

    @Test
    void statesAreReadByTheirV5Labels() {
        assertThat(OrderState.parse("inProgress", "state")).isEqualTo(OrderState.IN_PROGRESS);
        assertThatThrownBy(() -> OrderState.parse("in_progress", "state")).isInstanceOf(TmfException.class);
    }
}
