package io.hyperlocal.engines;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Admission control for one engine: at most {@code slots} generations run at once, at most
 * {@code waitingLimit} more wait for a slot in arrival order, and anything beyond is refused with
 * {@link ErrorCode#ENGINE_OVERLOADED}. Thread-safe.
 *
 * <p>A {@link Ticket}'s start action runs when it gets a slot: at once inside {@link Ticket#admit()}, or
 * later on the thread that releases a slot. Start actions must hand the work to another thread and
 * return quickly; they run outside the queue's lock.
 */
public final class SlotQueue {
    private final String engineId;
    private final int slots;
    private final int waitingLimit;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int running;

    public SlotQueue(String engineId, int slots, int waitingLimit) {
        this.engineId = Objects.requireNonNull(engineId, "engineId is null");
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        if (waitingLimit < 0) {
            throw new IllegalArgumentException("waitingLimit must not be negative: " + waitingLimit);
        }
        this.slots = slots;
        this.waitingLimit = waitingLimit;
    }

    /** A ticket for {@code start}, not yet admitted: see {@link Ticket#admit()}. */
    public Ticket ticket(Runnable start) {
        return new Ticket(Objects.requireNonNull(start, "start is null"));
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int waiting() {
        return waiting.size();
    }

    public int slots() {
        return slots;
    }

    private enum State { NEW, WAITING, RUNNING, DONE }

    /** One admitted piece of work. */
    public final class Ticket {
        private final Runnable start;
        private State state = State.NEW;

        private Ticket(Runnable start) {
            this.start = start;
        }

        /**
         * Takes a slot now and runs the start action, or joins the queue. Call once.
         *
         * @throws HyperlocalException with {@code ENGINE_OVERLOADED} when every slot is busy and the queue is full
         */
        public void admit() {
            synchronized (SlotQueue.this) {
                if (state != State.NEW) {
                    throw new IllegalStateException("ticket already admitted: " + state);
                }
                if (running < slots) {
                    running++;
                    state = State.RUNNING;
                } else if (waiting.size() < waitingLimit) {
                    state = State.WAITING;
                    waiting.addLast(this);
                    return;
                } else {
                    state = State.DONE;
                    throw new HyperlocalException(ErrorCode.ENGINE_OVERLOADED, "Engine '" + engineId
                            + "' is at capacity: all " + slots + " slots are busy and " + waiting.size()
                            + " requests are waiting, the most it queues. Retry later or send the request to another site.");
                }
            }
            start.run();
        }

        /** Gives the slot back and starts the next waiting ticket. Idempotent; no effect while waiting. */
        public void release() {
            Ticket next;
            synchronized (SlotQueue.this) {
                if (state != State.RUNNING) {
                    return;
                }
                state = State.DONE;
                next = waiting.pollFirst();
                if (next == null) {
                    running--;
                } else {
                    // The slot passes straight to the next ticket, so a newcomer cannot overtake it.
                    next.state = State.RUNNING;
                }
            }
            if (next != null) {
                next.start.run();
            }
        }

        /** Leaves the queue if still waiting; true when it did, and then its start action never runs. */
        public boolean withdraw() {
            synchronized (SlotQueue.this) {
                if (state != State.WAITING) {
                    return false;
                }
                state = State.DONE;
                waiting.remove(this);
                return true;
            }
        }
    }
}
