package io.hyperlocal.sim.plan;

/**
 * The planner's arithmetic: sizes one site for one country's demand on one GPU type.
 *
 * <p>Peak GPU load = peak requests/s × GPU-seconds per request (prompt / prefill rate + completion /
 * decode rate). GPUs = max(minimum, ⌈peak load / target utilisation⌉). Capex = GPUs × price;
 * opex per year = GPUs × W × PUE × 8760 h / 1000 × price per kWh + network; annual cost = capex /
 * amortisation years + opex. Cost per million tokens = annual cost / (tokens per year / 10^6).
 * See {@link Plan} for the break-even definitions.
 */
public final class CapacityPlanner {
    public static final double HOURS_PER_YEAR = 8_760;
    public static final double SECONDS_PER_YEAR = HOURS_PER_YEAR * 3_600;
    /** Slack below which a quotient counts as whole, so 8.0000000001 GPUs stays 8. */
    private static final double ROUNDING_SLACK = 1e-9;

    private CapacityPlanner() {}

    public static Plan plan(Demand demand, GpuType gpu, SiteCosts site, double apiPricePerMillionTokens) {
        if (demand == null) throw new IllegalArgumentException("demand must not be null");
        if (gpu == null) throw new IllegalArgumentException("gpu must not be null");
        if (site == null) throw new IllegalArgumentException("site must not be null");
        Check.nonNegative("apiPricePerMillionTokens", apiPricePerMillionTokens);

        double gpuSecondsPerRequest =
                gpu.gpuSecondsPerRequest(demand.promptTokensPerRequest(), demand.completionTokensPerRequest());
        double peakLoad = demand.peakRequestsPerSecond() * gpuSecondsPerRequest;
        double needed = Math.ceil(peakLoad / site.targetUtilisation() - ROUNDING_SLACK);
        if (needed > Integer.MAX_VALUE) throw new IllegalArgumentException("demand needs more than 2^31 GPUs");
        int gpus = Math.max(site.minimumGpus(), (int) Math.max(0, needed));

        double capex = gpus * gpu.pricePerGpu();
        double annualisedCapex = capex / gpu.amortisationYears();
        double kwh = gpus * gpu.powerWatts() * site.pue() * HOURS_PER_YEAR / 1_000;
        double energyCost = kwh * site.energyPricePerKwh();
        double opex = energyCost + site.networkCostPerYear();
        double annualCost = annualisedCapex + opex;

        double tokensPerYear = demand.tokensPerYear();
        double costPerM = tokensPerYear > 0 ? annualCost / (tokensPerYear / 1e6) : Double.POSITIVE_INFINITY;
        double fleetTokensPerSecond = gpus * demand.tokensPerRequest() / gpuSecondsPerRequest;

        double breakEvenTokens = apiPricePerMillionTokens > 0
                ? annualCost / apiPricePerMillionTokens * 1e6
                : Double.POSITIVE_INFINITY;
        double tokensAtFullAdoption = demand.withAdoptionShare(1).tokensPerYear();
        double breakEvenAdoption = tokensAtFullAdoption > 0
                ? breakEvenTokens / tokensAtFullAdoption
                : Double.POSITIVE_INFINITY;

        return new Plan(gpus, peakLoad, capex, annualisedCapex, kwh, energyCost, opex, annualCost,
                tokensPerYear, fleetTokensPerSecond, costPerM, apiPricePerMillionTokens,
                breakEvenTokens, breakEvenAdoption);
    }
}
