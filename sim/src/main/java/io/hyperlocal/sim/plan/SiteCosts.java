package io.hyperlocal.sim.plan;

/**
 * Running costs and sizing policy of one site (in one country, hence one energy price).
 *
 * @param pue power usage effectiveness, {@code >= 1}
 * @param energyPricePerKwh energy price in the site's country, {@code >= 0}
 * @param networkCostPerYear {@code >= 0}
 * @param targetUtilisation highest planned utilisation at peak, in (0, 1] (e.g. 0.7 leaves 30 % headroom)
 * @param minimumGpus smallest fleet kept for redundancy (e.g. 2 for N+1 with N = 1), {@code >= 1}
 */
public record SiteCosts(
        double pue,
        double energyPricePerKwh,
        double networkCostPerYear,
        double targetUtilisation,
        int minimumGpus) {

    public SiteCosts {
        Check.atLeast("pue", pue, 1);
        Check.nonNegative("energyPricePerKwh", energyPricePerKwh);
        Check.nonNegative("networkCostPerYear", networkCostPerYear);
        if (!(Check.finite("targetUtilisation", targetUtilisation) > 0 && targetUtilisation <= 1)) {
            throw new IllegalArgumentException("targetUtilisation must be in (0, 1], was " + targetUtilisation);
        }
        if (minimumGpus < 1) throw new IllegalArgumentException("minimumGpus must be >= 1, was " + minimumGpus);
    }
}
