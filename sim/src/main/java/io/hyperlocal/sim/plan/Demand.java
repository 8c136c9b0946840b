package io.hyperlocal.sim.plan;

/**
 * Inference demand of one country.
 *
 * <p>Active users per day = subscribers × adoption share × daily active share; requests per day =
 * active users × requests per active user per day; mean rate = requests per day / 86 400 s; peak rate
 * = mean × peak-to-mean ratio. Token rates are the request rates times prompt (prefill) or
 * completion (decode) tokens per request.
 *
 * @param country ISO code or name, not blank
 * @param subscribers subscribers of the operator in the country, {@code >= 0}
 * @param adoptionShare share of subscribers who use the service, in [0, 1]
 * @param dailyActiveShare share of adopters active on a given day, in [0, 1]
 * @param requestsPerActiveUserPerDay {@code >= 0}
 * @param promptTokensPerRequest mean prompt tokens per request, {@code >= 0}
 * @param completionTokensPerRequest mean completion tokens per request, {@code >= 1}
 * @param peakToMean peak request rate over the daily mean, {@code >= 1}
 */
public record Demand(
        String country,
        long subscribers,
        double adoptionShare,
        double dailyActiveShare,
        double requestsPerActiveUserPerDay,
        double promptTokensPerRequest,
        double completionTokensPerRequest,
        double peakToMean) {

    public static final double SECONDS_PER_DAY = 86_400;
    public static final double DAYS_PER_YEAR = 365;

    public Demand {
        Check.name("country", country);
        if (subscribers < 0) throw new IllegalArgumentException("subscribers must be >= 0, was " + subscribers);
        Check.share("adoptionShare", adoptionShare);
        Check.share("dailyActiveShare", dailyActiveShare);
        Check.nonNegative("requestsPerActiveUserPerDay", requestsPerActiveUserPerDay);
        Check.nonNegative("promptTokensPerRequest", promptTokensPerRequest);
        Check.atLeast("completionTokensPerRequest", completionTokensPerRequest, 1);
        Check.atLeast("peakToMean", peakToMean, 1);
    }

    /** The same demand with another adoption share. */
    public Demand withAdoptionShare(double share) {
        return new Demand(country, subscribers, share, dailyActiveShare, requestsPerActiveUserPerDay,
                promptTokensPerRequest, completionTokensPerRequest, peakToMean);
    }

    public double activeUsersPerDay() {
        return subscribers * adoptionShare * dailyActiveShare;
    }

    public double requestsPerDay() {
        return activeUsersPerDay() * requestsPerActiveUserPerDay;
    }

    public double meanRequestsPerSecond() {
        return requestsPerDay() / SECONDS_PER_DAY;
    }

    public double peakRequestsPerSecond() {
        return meanRequestsPerSecond() * peakToMean;
    }

    public double meanPromptTokensPerSecond() {
        return meanRequestsPerSecond() * promptTokensPerRequest;
    }

    public double meanCompletionTokensPerSecond() {
        return meanRequestsPerSecond() * completionTokensPerRequest;
    }

    public double peakPromptTokensPerSecond() {
        return peakRequestsPerSecond() * promptTokensPerRequest;
    }

    public double peakCompletionTokensPerSecond() {
        return peakRequestsPerSecond() * completionTokensPerRequest;
    }

    /** Prompt plus completion tokens per request. */
    public double tokensPerRequest() {
        return promptTokensPerRequest + completionTokensPerRequest;
    }

    /** Prompt plus completion tokens per year (365 days at the mean rate). */
    public double tokensPerYear() {
        return requestsPerDay() * DAYS_PER_YEAR * tokensPerRequest();
    }
}
