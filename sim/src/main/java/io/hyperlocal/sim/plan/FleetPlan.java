package io.hyperlocal.sim.plan;

import java.util.List;

/**
 * The whole fleet: every site's pools and costs, and the comparison with the API.
 *
 * <p>Break-even: the tokens per year at which the fleet's annual cost equals the API bill for the same
 * tokens, annual cost / API price × 10^6, with the fleet held fixed. {@link #breakEvenShareOfPlan()} is
 * that volume over the planned one: below 1 the fleet is cheaper than the API at the planned volume.
 * {@link #capacityShareOfPlan()} is the volume the fleet can carry at its target utilisation over the
 * planned one (its tightest pool), so a break-even above it cannot be reached without more GPUs.
 */
public record FleetPlan(PlanInput input, List<SitePlan> sites) {

    public FleetPlan {
        sites = List.copyOf(sites);
    }

    public List<PoolPlan> pools() {
        return sites.stream().flatMap(s -> s.pools().stream()).toList();
    }

    public int gpus() {
        return sites.stream().mapToInt(SitePlan::gpus).sum();
    }

    public double capex() {
        return sites.stream().mapToDouble(SitePlan::capex).sum();
    }

    public double annualisedCapex() {
        return sites.stream().mapToDouble(SitePlan::annualisedCapex).sum();
    }

    public double opexPerYear() {
        return sites.stream().mapToDouble(SitePlan::opexPerYear).sum();
    }

    public double annualCost() {
        return sites.stream().mapToDouble(SitePlan::annualCost).sum();
    }

    public double tokensPerYear() {
        return sites.stream().mapToDouble(SitePlan::tokensPerYear).sum();
    }

    public double peakRequestsPerSecond() {
        return sites.stream().mapToDouble(SitePlan::peakRequestsPerSecond).sum();
    }

    public double costPerMillionTokens() {
        double tokens = tokensPerYear();
        return tokens > 0 ? annualCost() / (tokens / 1e6) : Double.POSITIVE_INFINITY;
    }

    /** What the planned tokens would cost on the API per year. */
    public double apiCostPerYear() {
        return tokensPerYear() / 1e6 * input.apiPricePerMillionTokens();
    }

    public double breakEvenTokensPerYear() {
        double price = input.apiPricePerMillionTokens();
        return price > 0 ? annualCost() / price * 1e6 : Double.POSITIVE_INFINITY;
    }

    public double breakEvenShareOfPlan() {
        double tokens = tokensPerYear();
        return tokens > 0 ? breakEvenTokensPerYear() / tokens : Double.POSITIVE_INFINITY;
    }

    public double capacityShareOfPlan() {
        double least = Double.POSITIVE_INFINITY;
        for (SitePlan site : sites) {
            for (PoolPlan pool : site.pools()) {
                if (pool.peakLoad() > 0) {
                    least = Math.min(least, pool.replicas() * site.site().targetUtilisation() / pool.peakLoad());
                }
            }
        }
        return least;
    }

    /** The same fleet with one pool resized to {@code replicas}, costs recomputed. */
    public FleetPlan withReplicas(String site, String model, int replicas) {
        return new FleetPlan(input, sites.stream().map(s -> !s.site().name().equals(site) ? s
                : new SitePlan(s.site(), s.energyPricePerKwh(), s.pools().stream()
                        .map(p -> p.model().name().equals(model) ? FleetPlanner.resize(p, s, replicas, input) : p)
                        .toList()))
                .toList());
    }
}
