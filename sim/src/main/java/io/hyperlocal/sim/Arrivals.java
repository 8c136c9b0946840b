package io.hyperlocal.sim;

import java.util.Objects;

/** Drives an {@link ArrivalProcess} on a {@link Simulation}: each arrival fires an event and books the next. */
public final class Arrivals {

    private Arrivals() {}

    /**
     * Schedules arrivals of {@code process} after the current time, up to {@code until} (nanoseconds,
     * exclusive); each fires {@code onArrival}. Draws come from the simulation's generator.
     */
    public static void start(Simulation simulation, ArrivalProcess process, long until, Event onArrival) {
        Objects.requireNonNull(process, "process is null");
        Objects.requireNonNull(onArrival, "onArrival is null");
        scheduleNext(simulation, process, until, onArrival);
    }

    private static void scheduleNext(Simulation simulation, ArrivalProcess process, long until, Event onArrival) {
        long next = process.nextArrivalAfter(simulation.clock().now(), simulation.random());
        if (next >= until) {
            return;
        }
        simulation.scheduleAt(next, sim -> {
            onArrival.fire(sim);
            scheduleNext(sim, process, until, onArrival);
        });
    }
}
