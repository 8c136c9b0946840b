package io.hyperlocal.sim.plan;

/**
 * The part of one country's demand for one model that one site serves: the country's rates × the
 * site's share × the model's share, with the country's request shape.
 */
public record DemandStream(String country, double meanRequestsPerSecond, double peakRequestsPerSecond,
        double promptTokens, double completionTokens) {

    public DemandStream {
        Check.name("country", country);
        Check.nonNegative("meanRequestsPerSecond", meanRequestsPerSecond);
        Check.nonNegative("peakRequestsPerSecond", peakRequestsPerSecond);
        Check.nonNegative("promptTokens", promptTokens);
        Check.atLeast("completionTokens", completionTokens, 1);
    }

    /** Prompt plus completion tokens per year at the mean rate (365 days). */
    public double tokensPerYear() {
        return meanRequestsPerSecond * Demand.SECONDS_PER_DAY * Demand.DAYS_PER_YEAR * (promptTokens + completionTokens);
    }
}
