package io.hyperlocal.sim.plan;

/**
 * One site of the federation. Its energy price is its country's.
 *
 * @param name not blank
 * @param country code of the country it stands in (one of the plan's countries)
 * @param pue power usage effectiveness, {@code >= 1}
 * @param networkCostPerYear {@code >= 0}
 * @param targetUtilisation highest planned utilisation at peak, in (0, 1]
 * @param minimumGpus smallest fleet per model kept for redundancy, rounded up to whole replicas, {@code >= 1}
 */
public record SiteSpec(String name, String country, double pue, double networkCostPerYear, double targetUtilisation,
        int minimumGpus) {

    public SiteSpec {
        Check.name("name", name);
        Check.name("country", country);
        Check.atLeast("pue", pue, 1);
        Check.nonNegative("networkCostPerYear", networkCostPerYear);
        if (!(Check.finite("targetUtilisation", targetUtilisation) > 0 && targetUtilisation <= 1)) {
            throw new IllegalArgumentException("targetUtilisation must be in (0, 1], was " + targetUtilisation);
        }
        if (minimumGpus < 1) throw new IllegalArgumentException("minimumGpus must be >= 1, was " + minimumGpus);
    }
}
