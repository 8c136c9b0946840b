package io.hyperlocal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    /** Times from a narrow range so that many events share a nanosecond and ties are exercised. */
    @Property(tries = 300)
    void firesByTimeThenInsertionOrder(@ForAll @Size(max = 200) List<@LongRange(min = 0, max = 20) Long> times) {
        EventQueue queue = new EventQueue();
        List<Integer> fired = new ArrayList<>();
        for (int index = 0; index < times.size(); index++) {
            int label = index;
            queue.add(times.get(index), simulation -> fired.add(label));
        }
        List<Long> polledTimes = new ArrayList<>();
        while (!queue.isEmpty()) {
            EventQueue.Scheduled next = queue.poll();
            polledTimes.add(next.time());
            next.event().fire(null);
        }

        // List.sort is stable: equal times keep their insertion order, which is what the queue promises.
        List<Integer> expected = new ArrayList<>();
        for (int index = 0; index < times.size(); index++) {
            expected.add(index);
        }
        expected.sort(Comparator.comparingLong(times::get));
        assertThat(fired).isEqualTo(expected);
        assertThat(polledTimes).isSorted();
    }

    @Test
    void eventsScheduledForNowRunAfterThoseAlreadyWaitingAtNow() {
        Simulation simulation = Simulation.seeded(1);
        List<String> fired = new ArrayList<>();
        simulation.scheduleAt(10, sim -> {
            fired.add("a");
            sim.schedule(0, later -> fired.add("c"));
        });
        simulation.scheduleAt(10, sim -> fired.add("b"));
        simulation.scheduleAt(5, sim -> fired.add("first"));

        simulation.run();

        assertThat(fired).containsExactly("first", "a", "b", "c");
        assertThat(simulation.clock().now()).isEqualTo(10);
    }

    @Test
    void runUntilStopsAtTheLimitAndCanResume() {
        Simulation simulation = Simulation.seeded(1);
        List<Long> times = new ArrayList<>();
        for (long time : new long[] {30, 10, 20, 40}) {
            simulation.scheduleAt(time, sim -> times.add(sim.clock().now()));
        }

        assertThat(simulation.runUntil(20)).isEqualTo(2);
        assertThat(times).containsExactly(10L, 20L);
        assertThat(simulation.clock().now()).isEqualTo(20);
        assertThat(simulation.pendingEvents()).isEqualTo(2);

        assertThat(simulation.run()).isEqualTo(2);
        assertThat(times).containsExactly(10L, 20L, 30L, 40L);
        assertThat(simulation.firedEvents()).isEqualTo(4);
    }

    @Test
    void refusesToScheduleInThePast() {
        Simulation simulation = Simulation.seeded(1);
        simulation.scheduleAt(100, sim -> {});
        simulation.run();

        assertThatThrownBy(() -> simulation.scheduleAt(99, sim -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("now 100 ns, asked 99 ns");
        assertThatThrownBy(() -> simulation.schedule(-1, sim -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay must be >= 0");
    }

    @Test
    void anEmptyQueueSaysSoInsteadOfReturningNull() {
        EventQueue queue = new EventQueue();
        assertThatThrownBy(queue::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
        assertThatThrownBy(queue::peekTime).isInstanceOf(IllegalStateException.class);
    }
}
