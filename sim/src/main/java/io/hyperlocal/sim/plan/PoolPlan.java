package io.hyperlocal.sim.plan;

import java.util.List;

/**
 * The replicas of one model at one site, sized for the peak of the streams it serves.
 *
 * @param peakLoad replicas busy at peak: Σ peak requests/s × (prompt / prefill rate + completion / decode rate)
 * @param minimumReplicas ⌈site minimum GPUs / GPUs per replica⌉
 * @param replicas max(minimum, ⌈peak load / target utilisation⌉), or a count set by the simulator check
 * @param gpus replicas × GPUs per replica
 * @param capex gpus × price
 * @param annualisedCapex capex / amortisation years
 * @param energyKwhPerYear gpus × W × PUE × 8760 h / 1000 (nameplate power all year)
 * @param energyCostPerYear kWh × the site country's price
 */
public record PoolPlan(String site, ModelSpec model, ReplicaThroughput throughput, List<DemandStream> streams,
        double peakLoad, int minimumReplicas, int replicas, int gpus, double capex, double annualisedCapex,
        double energyKwhPerYear, double energyCostPerYear) {

    public PoolPlan {
        streams = List.copyOf(streams);
    }

    public double peakRequestsPerSecond() {
        return streams.stream().mapToDouble(DemandStream::peakRequestsPerSecond).sum();
    }

    public double tokensPerYear() {
        return streams.stream().mapToDouble(DemandStream::tokensPerYear).sum();
    }

    /** Annualised capex + energy (the site's network cost is counted once per site). */
    public double annualCost() {
        return annualisedCapex + energyCostPerYear;
    }

    /** Planned busy share of the replicas at peak. */
    public double utilisationAtPeak() {
        return peakLoad / replicas;
    }
}
