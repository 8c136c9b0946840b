package io.hyperlocal.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SlotQueueTest {

    @Test
    void runsAtMostItsSlotsAndQueuesTheRest() {
        SlotQueue queue = new SlotQueue("engine", 1, 1);
        List<String> started = new ArrayList<>();
        SlotQueue.Ticket first = queue.ticket(() -> started.add("first"));
        SlotQueue.Ticket second = queue.ticket(() -> started.add("second"));
        first.admit();
        second.admit();

        assertThat(started).containsExactly("first");
        assertThat(queue.running()).isEqualTo(1);
        assertThat(queue.waiting()).isEqualTo(1);
        assertThatThrownBy(() -> queue.ticket(() -> started.add("third")).admit())
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED))
                .hasMessage("Engine 'engine' is at capacity: all 1 slots are busy and 1 requests are waiting, the most "
                        + "it queues. Retry later or send the request to another site.");

        first.release();
        first.release();

        assertThat(started).containsExactly("first", "second");
        assertThat(queue.running()).isEqualTo(1);
        assertThat(queue.waiting()).isZero();
        assertThat(second.withdraw()).as("a running ticket cannot withdraw").isFalse();
        second.release();
        assertThat(queue.running()).isZero();
    }

    @Test
    void aWithdrawnTicketNeverStarts() {
        SlotQueue queue = new SlotQueue("engine", 1, 4);
        AtomicInteger starts = new AtomicInteger();
        SlotQueue.Ticket running = queue.ticket(starts::incrementAndGet);
        SlotQueue.Ticket waiting = queue.ticket(starts::incrementAndGet);
        running.admit();
        waiting.admit();

        assertThat(waiting.withdraw()).isTrue();
        assertThat(waiting.withdraw()).isFalse();
        running.release();

        assertThat(starts).hasValue(1);
        assertThat(queue.running()).isZero();
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void countersStayConsistentUnderConcurrency() throws InterruptedException {
        int slots = 3;
        int tickets = 2000;
        SlotQueue queue = new SlotQueue("engine", slots, tickets);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tickets);
        for (int i = 0; i < tickets; i++) {
            AtomicReference<SlotQueue.Ticket> self = new AtomicReference<>();
            SlotQueue.Ticket ticket = queue.ticket(() -> workers.execute(() -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                inFlight.decrementAndGet();
                self.get().release();
                done.countDown();
            }));
            self.set(ticket);
            workers.execute(ticket::admit);
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        workers.shutdown();
        assertThat(mostInFlight.get()).isBetween(1, slots);
        assertThat(queue.running()).isZero();
        assertThat(queue.waiting()).isZero();
    }
}
