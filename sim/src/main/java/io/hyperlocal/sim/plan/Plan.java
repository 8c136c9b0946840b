package io.hyperlocal.sim.plan;

/**
 * The sized fleet of one site and its costs. Money is in the currency of the inputs, per year
 * unless named otherwise. Tokens are prompt plus completion tokens.
 *
 * @param gpus GPUs to meet the peak at the target utilisation, at least the site minimum
 * @param peakGpuLoad GPU-equivalents busy at peak (before headroom and rounding)
 * @param capex purchase price of the fleet
 * @param annualisedCapex capex / amortisation years
 * @param energyKwhPerYear gpus × W × PUE × 8760 h / 1000 (nameplate power all year)
 * @param energyCostPerYear energy kWh × price per kWh
 * @param opexPerYear energy cost + network cost
 * @param annualCost annualised capex + opex
 * @param tokensPerYear tokens the demand asks for in a year
 * @param fleetTokensPerSecondAtFullUtilisation tokens/s the fleet serves at 100 % busy for the demand's request shape
 * @param costPerMillionTokens annual cost / (tokens per year / 10^6); +∞ when there is no demand
 * @param apiPricePerMillionTokens price of the comparable hyperscaler API
 * @param breakEvenTokensPerYear tokens per year at which the planned fleet's annual cost equals
 *     the API bill for the same tokens: annual cost / API price × 10^6 (+∞ if the API is free).
 *     Above it (and within the fleet's capacity) owning is cheaper; below it the API is.
 * @param breakEvenAdoptionShare the adoption share whose demand reaches {@code breakEvenTokensPerYear},
 *     all other demand inputs unchanged (tokens scale linearly with adoption):
 *     break-even tokens / tokens per year at adoption 1. May exceed 1 (never breaks even);
 *     +∞ when demand at full adoption is zero. It holds the fleet fixed: a larger adoption may need more GPUs.
 */
public record Plan(
        int gpus,
        double peakGpuLoad,
        double capex,
        double annualisedCapex,
        double energyKwhPerYear,
        double energyCostPerYear,
        double opexPerYear,
        double annualCost,
        double tokensPerYear,
        double fleetTokensPerSecondAtFullUtilisation,
        double costPerMillionTokens,
        double apiPricePerMillionTokens,
        double breakEvenTokensPerYear,
        double breakEvenAdoptionShare) {

    /** Whether the planned demand costs less per million tokens on the own fleet than on the API. */
    public boolean cheaperThanApi() {
        return costPerMillionTokens < apiPricePerMillionTokens;
    }

    /**
     * Cost per million tokens of this fleet (annual cost fixed) when it runs at the given average
     * utilisation all year: annual cost / (fleet tokens/s at 100 % × utilisation × seconds per year / 10^6).
     */
    public double costPerMillionTokensAtUtilisation(double utilisation) {
        if (!(Double.isFinite(utilisation) && utilisation > 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("utilisation must be in (0, 1], was " + utilisation);
        }
        double tokens = fleetTokensPerSecondAtFullUtilisation * utilisation * CapacityPlanner.SECONDS_PER_YEAR;
        return annualCost / (tokens / 1e6);
    }
}
