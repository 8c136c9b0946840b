package io.hyperlocal.server.entitlement;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one active subscription allows, from its offer's specification.
 *
 * @param subscriptionId the TMF637 product id the usage is charged to
 * @param offeringId the TMF620 product offering it was ordered from
 * @param models model ids allowed; {@code "*"} allows every model
 * @param allowanceTokens tokens per period (prompt + completion); {@link #UNLIMITED} for none
 * @param period how the allowance period is counted
 * @param rolloverPercent share of the unused allowance carried into the next period, 0 to 100
 * @param requestsPerMinute requests per minute, {@link #UNLIMITED} for none
 * @param tokensPerMinute tokens per minute, {@link #UNLIMITED} for none
 * @param concurrentStreams requests in flight at once, {@link #UNLIMITED} for none
 * @param residencyTags jurisdiction tags every serving site must carry (narrows, never widens, the
 *     country's residency policy); empty for the policy alone
 * @param periodAnchor when the subscription started: rolling periods repeat from it, and a
 *     subscription started after a period began carries nothing into the next one;
 *     {@link #NO_ANCHOR} (the epoch) when the source does not know it
 */
public record Entitlement(String subscriptionId, String offeringId, Set<String> models, long allowanceTokens,
        AllowancePeriod period, int rolloverPercent, long requestsPerMinute, long tokensPerMinute,
        int concurrentStreams, List<String> residencyTags, Instant periodAnchor) {
    public static final int UNLIMITED = -1;
    /** The anchor of an entitlement whose start is unknown: rolling periods then match calendar ones. */
    public static final Instant NO_ANCHOR = Instant.EPOCH;
    public static final String ALL_MODELS = "*";

    public Entitlement {
        Objects.requireNonNull(subscriptionId, "subscriptionId is null");
        Objects.requireNonNull(offeringId, "offeringId is null");
        models = Set.copyOf(Objects.requireNonNull(models, "models is null"));
        Objects.requireNonNull(period, "period is null");
        residencyTags = List.copyOf(Objects.requireNonNull(residencyTags, "residencyTags is null"));
        Objects.requireNonNull(periodAnchor, "periodAnchor is null");
        if (allowanceTokens < UNLIMITED || requestsPerMinute < UNLIMITED || tokensPerMinute < UNLIMITED
                || concurrentStreams < UNLIMITED) {
            throw new IllegalArgumentException("limits must be positive, zero or UNLIMITED (-1)");
        }
        if (rolloverPercent < 0 || rolloverPercent > 100) {
            throw new IllegalArgumentException("rolloverPercent must be within 0..100: " + rolloverPercent);
        }
    }

    /** An entitlement whose start is unknown ({@link #NO_ANCHOR}). */
    public Entitlement(String subscriptionId, String offeringId, Set<String> models, long allowanceTokens,
            AllowancePeriod period, int rolloverPercent, long requestsPerMinute, long tokensPerMinute,
            int concurrentStreams, List<String> residencyTags) {
        this(subscriptionId, offeringId, models, allowanceTokens, period, rolloverPercent, requestsPerMinute,
                tokensPerMinute, concurrentStreams, residencyTags, NO_ANCHOR);
    }

    public boolean allows(String model) {
        return models.contains(ALL_MODELS) || models.contains(model);
    }
}
