package io.hyperlocal.sim.report;

import java.util.Objects;

/**
 * What one run of one policy gave. Latencies include the network round trip between the requester's
 * region and the serving site; ITL is each request's mean inter-token latency.
 *
 * @param scenario scenario name
 * @param policy policy name
 * @param simulatedSeconds simulated time run
 * @param requests requests (turns) that arrived (after the warm-up, when the run has one; the counts,
 *     latencies and rates below are of these requests)
 * @param completed requests whose last token came before the end
 * @param failed requests that could not be served: no allowed engine with room, or lost in a crash without retry
 * @param migrated completed requests that were moved to another engine after their site crashed (once each,
 *     however often moved; a moved request that then fails counts as failed only)
 * @param unfinished requests still in flight when the run ended
 * @param tooLong conversations never started because their first turn alone was longer than the
 *     workload's {@code maxContext} (not among {@code requests})
 * @param ttft time to first token, ms
 * @param itl mean inter-token latency per request, ms
 * @param e2e end-to-end latency, ms
 * @param sloAttainment share of completed requests meeting both the TTFT and the ITL objective
 * @param goodputPerSecond completed requests meeting the SLO, per simulated second
 * @param requestThroughputPerSecond completed requests per simulated second
 * @param outputTokensPerSecond output tokens of the completed requests per simulated second (the per-site
 *     series count every token generated, finished or not)
 * @param prefixHitRate prompt tokens found in the engines' prefix caches over prompt tokens looked up
 * @param residencyViolations requests placed on a site their residency rule forbids (independent check; must be 0)
 * @param crossSite completed requests served at a site other than the population's home (nearest allowed) site
 * @param crossSiteShare {@code crossSite / completed}
 * @param preemptions KV-cache preemptions in the engines
 * @param gpuHoursBusy GPU-hours the engines spent stepping
 * @param gpuHoursProvisioned GPU-hours provisioned over the run (all engines, all the time)
 * @param events simulated events fired
 * @param wallSeconds wall-clock time of the run
 * @param cpuSeconds CPU time the simulation thread used: on a shared machine, the wall time it would
 *     take with a core to itself
 * @param eventsPerSecond {@code events / wallSeconds}
 * @param peakHeapBytes peak heap used as the JVM's memory pools saw it (garbage included: an upper bound)
 * @param liveHeapBytes heap in use after a full collection at the end of the run, before the
 *     simulation is dropped: what the run really holds (histograms, engines, caches)
 */
public record Summary(
        String scenario, String policy, double simulatedSeconds, long requests, long completed, long failed,
        long migrated, long unfinished, long tooLong, Percentiles ttft, Percentiles itl, Percentiles e2e, double sloAttainment,
        double goodputPerSecond, double requestThroughputPerSecond, double outputTokensPerSecond, double prefixHitRate,
        long residencyViolations, long crossSite, double crossSiteShare, long preemptions, double gpuHoursBusy,
        double gpuHoursProvisioned, long events, double wallSeconds, double cpuSeconds, double eventsPerSecond, long peakHeapBytes,
        long liveHeapBytes) {

    public Summary {
        Objects.requireNonNull(scenario, "scenario is null");
        Objects.requireNonNull(policy, "policy is null");
        Objects.requireNonNull(ttft, "ttft is null");
        Objects.requireNonNull(itl, "itl is null");
        Objects.requireNonNull(e2e, "e2e is null");
    }

    /** The simulated outcome without the wall-clock figures, which differ between two runs of one seed. */
    public Summary withoutWallClock() {
        return new Summary(scenario, policy, simulatedSeconds, requests, completed, failed, migrated, unfinished, tooLong,
                ttft, itl, e2e, sloAttainment, goodputPerSecond, requestThroughputPerSecond, outputTokensPerSecond,
                prefixHitRate, residencyViolations, crossSite, crossSiteShare, preemptions, gpuHoursBusy,
                gpuHoursProvisioned, events, 0, 0, 0, 0, 0);
    }
}
