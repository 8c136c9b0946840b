package io.hyperlocal.sim;

/** Something that happens at a simulated instant; it may schedule further events on the simulation. */
@FunctionalInterface
public interface Event {

    /** Runs the event; {@code simulation.clock().now()} is the event's time. */
    void fire(Simulation simulation);
}
