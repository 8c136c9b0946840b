package io.hyperlocal.sim.run;

/** Told how far a run is, every few simulated seconds; for a progress bar. */
public interface Progress {
    /** Nothing shown. */
    Progress NONE = (policy, simulatedNanos, totalNanos, events) -> {};

    /**
     * @param policy the policy running
     * @param simulatedNanos simulated time reached
     * @param totalNanos simulated time the run will reach
     * @param events events fired so far in this run
     */
    void update(String policy, long simulatedNanos, long totalNanos, long events);
}
