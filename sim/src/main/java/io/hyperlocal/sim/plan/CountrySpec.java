package io.hyperlocal.sim.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One country: its demand, its energy price, and the sites its residency rules allow, each with the
 * share of the country's requests it serves.
 *
 * @param demand the country's demand; its {@code country} is the code
 * @param energyPricePerKwh energy price for sites in this country, {@code >= 0}
 * @param siteShares allowed site → share of the country's requests; not empty, shares in [0, 1]
 *     summing to 1 (within 10^-6), in file order
 */
public record CountrySpec(Demand demand, double energyPricePerKwh, Map<String, Double> siteShares) {
    static final double SHARE_SUM_TOLERANCE = 1e-6;

    public CountrySpec {
        if (demand == null) throw new IllegalArgumentException("demand must not be null");
        Check.nonNegative("energyPricePerKwh", energyPricePerKwh);
        if (siteShares == null || siteShares.isEmpty()) throw new IllegalArgumentException("sites must not be empty");
        double sum = 0;
        for (Map.Entry<String, Double> entry : siteShares.entrySet()) {
            sum += Check.share("sites." + entry.getKey(), entry.getValue());
        }
        if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
            throw new IllegalArgumentException("sites: shares must sum to 1, sum to " + sum);
        }
        siteShares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(siteShares));
    }

    public String code() {
        return demand.country();
    }
}
