package io.hyperlocal.sim.plan;

import java.util.List;

/** The pools of one site and their costs; opex = energy + the site's network cost. */
public record SitePlan(SiteSpec site, double energyPricePerKwh, List<PoolPlan> pools) {

    public SitePlan {
        pools = List.copyOf(pools);
    }

    public int gpus() {
        return pools.stream().mapToInt(PoolPlan::gpus).sum();
    }

    public double capex() {
        return pools.stream().mapToDouble(PoolPlan::capex).sum();
    }

    public double annualisedCapex() {
        return pools.stream().mapToDouble(PoolPlan::annualisedCapex).sum();
    }

    public double energyCostPerYear() {
        return pools.stream().mapToDouble(PoolPlan::energyCostPerYear).sum();
    }

    public double opexPerYear() {
        return energyCostPerYear() + site.networkCostPerYear();
    }

    public double annualCost() {
        return annualisedCapex() + opexPerYear();
    }

    public double tokensPerYear() {
        return pools.stream().mapToDouble(PoolPlan::tokensPerYear).sum();
    }

    public double peakRequestsPerSecond() {
        return pools.stream().mapToDouble(PoolPlan::peakRequestsPerSecond).sum();
    }

    /** Annual cost / (tokens per year / 10^6); +∞ without demand. */
    public double costPerMillionTokens() {
        double tokens = tokensPerYear();
        return tokens > 0 ? annualCost() / (tokens / 1e6) : Double.POSITIVE_INFINITY;
    }
}
