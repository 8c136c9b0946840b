package io.hyperlocal.sim;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The discrete-event loop: pops the earliest event, moves the clock to its time and fires it, until
 * the queue is empty or the next event lies beyond the time limit. Single-threaded; randomness comes
 * only from the generator given at construction.
 */
public final class Simulation {

    /** The generator algorithm {@link #seeded(long)} uses: small state, good statistical quality. */
    public static final String RANDOM_ALGORITHM = "L64X128MixRandom";

    private final SimClock clock = new SimClock();
    private final EventQueue queue = new EventQueue();
    private final RandomGenerator random;
    private long fired;

    public Simulation(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /** A simulation whose randomness is {@value #RANDOM_ALGORITHM} seeded with {@code seed}. */
    public static Simulation seeded(long seed) {
        return new Simulation(randomFor(seed));
    }

    /** A fresh {@value #RANDOM_ALGORITHM} generator for a seed. */
    public static RandomGenerator randomFor(long seed) {
        return RandomGeneratorFactory.of(RANDOM_ALGORITHM).create(seed);
    }

    public SimClock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Events fired so far. */
    public long firedEvents() {
        return fired;
    }

    public int pendingEvents() {
        return queue.size();
    }

    /** Schedules {@code event} at absolute time {@code time} (nanoseconds), not before now. */
    public void scheduleAt(long time, Event event) {
        if (time < clock.now()) {
            throw new IllegalArgumentException(
                    "cannot schedule an event in the past: now " + clock.now() + " ns, asked " + time + " ns");
        }
        queue.add(time, event);
    }

    /** Schedules {@code event} {@code delay} nanoseconds from now. */
    public void schedule(long delay, Event event) {
        if (delay < 0) {
            throw new IllegalArgumentException("delay must be >= 0 ns: " + delay);
        }
        scheduleAt(Math.addExact(clock.now(), delay), event);
    }

    /**
     * Fires events in order until the queue is empty or the next event is after {@code limit}
     * (nanoseconds, inclusive). Events beyond the limit stay queued, so the run can be resumed.
     *
     * @return the number of events fired by this call
     */
    public long runUntil(long limit) {
        long before = fired;
        while (!queue.isEmpty() && queue.peekTime() <= limit) {
            EventQueue.Scheduled next = queue.poll();
            clock.advanceTo(next.time());
            fired++;
            next.event().fire(this);
        }
        return fired - before;
    }

    /** Fires events until the queue is empty. */
    public long run() {
        return runUntil(Long.MAX_VALUE);
    }
}
