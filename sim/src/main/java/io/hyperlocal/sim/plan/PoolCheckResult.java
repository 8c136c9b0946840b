package io.hyperlocal.sim.plan;

/**
 * The simulator check of one pool at its peak rate. Latencies are in milliseconds over the requests
 * that arrived in the measured window; a request unfinished when the run ends counts as missing the
 * SLO, and its TTFT as the time it had waited (a lower bound).
 *
 * @param requests requests that arrived in the measured window
 * @param judged requests the attainment is over (see the simulator for which)
 * @param metSlo of those, requests with TTFT and mean inter-token gap within the SLO
 * @param attainment metSlo / judged (1 without requests)
 * @param passed attainment at least the SLO's target
 * @param events simulation events fired (a measure of the work simulated)
 * @param wallMillis host time the simulation took (measured, varies run to run)
 */
public record PoolCheckResult(String site, String model, int replicas, long requests, long finished,
        double ttftP50Millis, double ttftP99Millis, double interTokenP50Millis, double interTokenP99Millis,
        long judged, long metSlo, double attainment, boolean passed, long events, long wallMillis) {}
