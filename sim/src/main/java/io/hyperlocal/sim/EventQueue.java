package io.hyperlocal.sim;

import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Pending events ordered by time, then by insertion sequence. The sequence makes ties deterministic:
 * two events at the same nanosecond fire in the order they were scheduled, whatever the heap does,
 * so a run replays exactly for a seed.
 */
public final class EventQueue {

    /** An event with the time it fires and the sequence number that breaks ties. */
    public record Scheduled(long time, long sequence, Event event) {
        public Scheduled {
            Objects.requireNonNull(event, "event is null");
        }
    }

    private static final Comparator<Scheduled> ORDER =
            Comparator.comparingLong(Scheduled::time).thenComparingLong(Scheduled::sequence);

    private final PriorityQueue<Scheduled> heap = new PriorityQueue<>(ORDER);
    private long nextSequence;

    /** Adds an event at {@code time} (nanoseconds); returns it with its sequence number. */
    public Scheduled add(long time, Event event) {
        Scheduled scheduled = new Scheduled(time, nextSequence++, event);
        heap.add(scheduled);
        return scheduled;
    }

    public boolean isEmpty() {
        return heap.isEmpty();
    }

    public int size() {
        return heap.size();
    }

    /** The time of the earliest event; the queue must not be empty. */
    public long peekTime() {
        Scheduled head = heap.peek();
        if (head == null) {
            throw new IllegalStateException("the event queue is empty; check isEmpty() first");
        }
        return head.time();
    }

    /** Removes and returns the earliest event (lowest sequence among ties); the queue must not be empty. */
    public Scheduled poll() {
        Scheduled head = heap.poll();
        if (head == null) {
            throw new IllegalStateException("the event queue is empty; check isEmpty() first");
        }
        return head;
    }
}
