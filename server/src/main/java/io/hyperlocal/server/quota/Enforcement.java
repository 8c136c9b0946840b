package io.hyperlocal.server.quota;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Admission of one subscriber's request: which entitlement pays, its allowance reservation, its
 * rate and concurrency limits; and the settlement when the request ends. Plain Java: the gateway
 * reaches it through {@code access.GatewayAdmission}, tests and the benchmark directly.
 *
 * <p><b>Which entitlement pays.</b> Among the subscriber's active entitlements that allow the
 * model, in this order: limited allowances before unlimited ones (the bundle included in a plan is
 * spent before a pay-as-you-go offer), then by subscription id; the first whose allowance takes the
 * whole reservation pays, and its rate limits apply. When none has room (and none is unlimited),
 * the first, in the same order, that can give the period's one over-allowance reservation to a
 * request straddling its end pays. The order does not depend on the source's order.
 *
 * <p><b>What is reserved.</b> The prompt bound ({@code promptBytes}: a byte-level token covers at
 * least one byte) plus {@code promptOverheadTokens} for the chat template, plus {@code max_tokens},
 * or {@code defaultMaxTokens} when the caller set none; the gateway then clamps that generation to
 * {@code defaultMaxTokens}, so the real usage never exceeds the reservation.
 */
public final class Enforcement {
    private final EntitlementSource source;
    private final Allowances allowances;
    private final RateLimits limits = new RateLimits();
    private final Settings settings;
    private final Clock clock;
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param defaultMaxTokens generation limit (and reservation) of a request that sets no {@code max_tokens}
     * @param promptOverheadTokens tokens a chat template may add to a prompt, per request
     */
    public record Settings(int defaultMaxTokens, int promptOverheadTokens) {
        public Settings {
            if (defaultMaxTokens < 1) {
                throw new IllegalArgumentException("defaultMaxTokens must be at least 1: " + defaultMaxTokens);
            }
            if (promptOverheadTokens < 0) {
                throw new IllegalArgumentException("promptOverheadTokens must not be negative: " + promptOverheadTokens);
            }
        }
    }

    /**
     * An admitted request.
     *
     * @param subscriptionId the subscription charged
     * @param offeringId its offering
     * @param reservedTokens tokens reserved of its allowance (0 when the allowance is unlimited)
     * @param generationLimit most tokens the generation may produce; the gateway applies it when the
     *     caller set no {@code max_tokens}
     * @param residencyTags tags every serving site must carry (routing narrows with them)
     * @param headers {@code x-ratelimit-*} headers for the answer
     */
    public record Admitted(String subscriptionId, String offeringId, long reservedTokens, int generationLimit,
            List<String> residencyTags, Map<String, String> headers) {
        public Admitted {
            Objects.requireNonNull(subscriptionId, "subscriptionId is null");
            Objects.requireNonNull(offeringId, "offeringId is null");
            residencyTags = List.copyOf(residencyTags);
            headers = Map.copyOf(headers);
        }
    }

    /** What settlement needs; {@code reservation} is null for an unlimited allowance. */
    private record Pending(Entitlement entitlement, Allowances.Reservation reservation, long tokens) {}

    /**
     * The entitlements of {@code active} that allow {@code model}, in {@link #ORDER}. A loop, not a
     * stream: this runs on every request.
     */
    private static List<Entitlement> allowing(List<Entitlement> active, String model) {
        List<Entitlement> allowing = new java.util.ArrayList<>(active.size());
        for (Entitlement entitlement : active) {
            if (entitlement.allows(model)) {
                allowing.add(entitlement);
            }
        }
        allowing.sort(ORDER);
        return allowing;
    }

    private static final Comparator<Entitlement> ORDER = Comparator
            .comparing((Entitlement e) -> e.allowanceTokens() == Entitlement.UNLIMITED)
            .thenComparing(Entitlement::subscriptionId);

    public Enforcement(EntitlementSource source, Allowances allowances, Settings settings, Clock clock) {
        this.source = Objects.requireNonNull(source, "source is null");
        this.allowances = Objects.requireNonNull(allowances, "allowances is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Admits request {@code requestId} of {@code subscriberId}, or refuses it.
     *
     * @param maxTokens the caller's {@code max_tokens}, -1 when unset
     * @throws HyperlocalException {@code no_active_subscription}, {@code model_not_allowed} (403),
     *     {@code insufficient_quota} or {@code rate_limit_exceeded} (429, a {@link QuotaRefusal})
     */
    public Admitted admit(String requestId, String subscriberId, String model, int maxTokens, long promptBytes) {
        List<Entitlement> active = source.active(subscriberId);
        if (active.isEmpty()) {
            throw new HyperlocalException(ErrorCode.NO_ACTIVE_SUBSCRIPTION, "Subscriber " + subscriberId
                    + " has no active subscription that includes AI access. Subscribe to an AI offer (TMF622 "
                    + "product order) or ask your operator to activate one.");
        }
        List<Entitlement> allowing = allowing(active, model);
        if (allowing.isEmpty()) {
            throw new HyperlocalException(ErrorCode.MODEL_NOT_ALLOWED, "The model '" + model
                    + "' is not included in the subscriptions of subscriber " + subscriberId + ". Models allowed: "
                    + allowed(active) + ". Use one of them, or subscribe to an offer that includes '" + model + "'.",
                    "model");
        }
        int generationLimit = maxTokens == -1 ? settings.defaultMaxTokens() : maxTokens;
        long tokens = saturatedSum(promptBytes, settings.promptOverheadTokens(), generationLimit);
        // First within the allowances, in order; only when none has room, the period's one
        // over-allowance reservation of the first that straddles its end.
        Allowances.Exhausted firstExhausted = null;
        Entitlement exhaustedEntitlement = null;
        for (boolean mayOverdraft : new boolean[] {false, true}) {
            for (Entitlement entitlement : allowing) {
                if (entitlement.allowanceTokens() == Entitlement.UNLIMITED) {
                    if (!mayOverdraft) {
                        return limit(requestId, entitlement, null, tokens, generationLimit);
                    }
                    continue;
                }
                Allowances.Outcome outcome = entitlement.allowanceTokens() == 0
                        ? new Allowances.Exhausted(0, 0, PeriodWindow.containing(entitlement.period(),
                                entitlement.periodAnchor(), clock.instant()).end())
                        : allowances.reserve(entitlement, tokens, mayOverdraft);
                switch (outcome) {
                    case Allowances.Reserved reserved -> {
                        return limit(requestId, entitlement, reserved.reservation(), tokens, generationLimit);
                    }
                    case Allowances.Exhausted exhausted -> {
                        if (firstExhausted == null || mayOverdraft && exhaustedEntitlement == entitlement) {
                            firstExhausted = exhausted;
                            exhaustedEntitlement = entitlement;
                        }
                    }
                }
            }
        }
        throw exhausted(exhaustedEntitlement, firstExhausted, tokens);
    }

    private Admitted limit(String requestId, Entitlement entitlement, Allowances.Reservation reservation, long tokens,
            int generationLimit) {
        Map<String, String> headers;
        try {
            headers = limits.acquire(entitlement, tokens, nanos(clock.instant()));
        } catch (RuntimeException refused) {
            if (reservation != null) {
                allowances.settle(reservation, 0);
            }
            throw refused;
        }
        pending.put(requestId, new Pending(entitlement, reservation, tokens));
        return new Admitted(entitlement.subscriptionId(), entitlement.offeringId(),
                reservation == null ? 0 : reservation.tokens(), generationLimit, entitlement.residencyTags(), headers);
    }

    /**
     * Ends request {@code requestId}: charges {@code usedTokens} (prompt + completion) and releases
     * the rest of its reservation and its stream. A second call, or a call for a request that was
     * never admitted here, does nothing.
     */
    public void settle(String requestId, long usedTokens) {
        Pending ended = pending.remove(requestId);
        if (ended == null) {
            return;
        }
        if (ended.reservation() != null) {
            allowances.settle(ended.reservation(), usedTokens);
        }
        limits.release(ended.entitlement(), ended.tokens() - Math.clamp(usedTokens, 0, ended.tokens()),
                nanos(clock.instant()));
    }

    /** Requests admitted and not yet settled. */
    public int inFlight() {
        return pending.size();
    }

    private QuotaRefusal exhausted(Entitlement entitlement, Allowances.Exhausted exhausted, long tokens) {
        Instant now = clock.instant();
        String resets = exhausted.resetsAt() + " (in " + DurationText.of(
                Duration.between(now, exhausted.resetsAt()).toNanos()) + ")";
        String what = exhausted.held() > 0
                ? exhausted.held() + " tokens are left on this gateway and this request may use up to " + tokens
                        + " (prompt bound + max_tokens): lower max_tokens, or wait until the allowance resets at "
                        + resets + "."
                : "the allowance resets at " + resets + ".";
        return new QuotaRefusal(ErrorCode.INSUFFICIENT_QUOTA, "You exceeded your current quota: subscription "
                + entitlement.subscriptionId() + " (offer " + entitlement.offeringId() + ") has no room left in its "
                + "allowance of " + exhausted.allowance() + " tokens for this period; " + what,
                limits.peek(entitlement, nanos(now)));
    }

    private static String allowed(List<Entitlement> active) {
        TreeSet<String> models = active.stream().flatMap(e -> e.models().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        String bySubscription = active.stream().sorted(ORDER)
                .map(e -> e.subscriptionId() + " of offer " + e.offeringId() + ": " + new TreeSet<>(e.models()))
                .collect(Collectors.joining("; "));
        return String.join(", ", models) + " (" + bySubscription + ")";
    }

    private static long saturatedSum(long a, long b, long c) {
        long sum = a + b + c;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
