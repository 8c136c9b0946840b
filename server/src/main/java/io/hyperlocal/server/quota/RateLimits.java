package io.hyperlocal.server.quota;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.server.entitlement.Entitlement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Requests per minute, tokens per minute and requests in flight, per subscription, in this
 * replica's memory: with N replicas behind a load balancer a subscriber may get up to N times the
 * per-minute limits (the allowance, by contrast, is global). Tokens per minute are counted on the
 * request's reservation at admission, and what it did not use is given back when it ends.
 */
final class RateLimits {
    static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
    static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
    static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
    static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
    static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
    static final String RESET_TOKENS = "x-ratelimit-reset-tokens";
    static final String RETRY_AFTER = "retry-after";

    private final ConcurrentMap<String, State> bySubscription = new ConcurrentHashMap<>();

    private static final class State {
        final Gcra requests = new Gcra();
        final Gcra tokens = new Gcra();
        int inFlight;
    }

    /**
     * Admits one request of {@code tokens} under the limits of {@code entitlement} at {@code now}
     * (nanoseconds of the injected clock) and returns the {@code x-ratelimit-*} headers.
     *
     * @throws QuotaRefusal {@code rate_limit_exceeded} with {@code Retry-After}
     */
    Map<String, String> acquire(Entitlement entitlement, long tokens, long now) {
        State state = bySubscription.computeIfAbsent(entitlement.subscriptionId(), id -> new State());
        long rpm = entitlement.requestsPerMinute();
        long tpm = entitlement.tokensPerMinute();
        synchronized (state) {
            int streams = entitlement.concurrentStreams();
            if (streams != Entitlement.UNLIMITED && state.inFlight >= streams) {
                Map<String, String> headers = headers(state, entitlement, now);
                headers.put(RETRY_AFTER, "1");
                throw new QuotaRefusal(ErrorCode.RATE_LIMITED, "Too many requests in flight for subscription "
                        + entitlement.subscriptionId() + " (offer " + entitlement.offeringId() + "): it allows "
                        + streams + " at once and " + state.inFlight + " are running on this gateway. Retry when one "
                        + "of them has finished.", headers);
            }
            long requestsAfter = rpm == Entitlement.UNLIMITED ? 0 : state.requests.after(now, 1, rpm);
            if (rpm != Entitlement.UNLIMITED && !Gcra.fits(requestsAfter, now)) {
                long wait = state.requests.waitNanos(now, 1, rpm);
                throw refused(state, entitlement, now, wait, "requests per min (RPM): Limit " + rpm + ", Requested 1");
            }
            long tokensAfter = tpm == Entitlement.UNLIMITED ? 0 : state.tokens.after(now, tokens, tpm);
            if (tpm != Entitlement.UNLIMITED && tokensAfter < 0) {
                throw new QuotaRefusal(ErrorCode.RATE_LIMITED, "Request too large for subscription "
                        + entitlement.subscriptionId() + " on tokens per min (TPM): Limit " + tpm + ", Requested "
                        + tokens + " (prompt bound + max_tokens). Lower max_tokens or shorten the prompt.",
                        headers(state, entitlement, now));
            }
            if (tpm != Entitlement.UNLIMITED && !Gcra.fits(tokensAfter, now)) {
                long wait = state.tokens.waitNanos(now, tokens, tpm);
                throw refused(state, entitlement, now, wait, "tokens per min (TPM): Limit " + tpm + ", Requested "
                        + tokens + " (prompt bound + max_tokens)");
            }
            if (rpm != Entitlement.UNLIMITED) {
                state.requests.commit(requestsAfter);
            }
            if (tpm != Entitlement.UNLIMITED) {
                state.tokens.commit(tokensAfter);
            }
            state.inFlight++;
            return headers(state, entitlement, now);
        }
    }

    /**
     * The {@code x-ratelimit-*} headers of {@code entitlement} at {@code now}, changing nothing: for a
     * refusal that is not the rate limiter's (an exhausted allowance), so that every answer to a
     * limited subscriber carries them, as the README says.
     */
    Map<String, String> peek(Entitlement entitlement, long now) {
        State state = bySubscription.get(entitlement.subscriptionId());
        if (state == null) {
            // Nothing counted yet on this replica: every limit is whole.
            state = new State();
        }
        synchronized (state) {
            return headers(state, entitlement, now);
        }
    }

    /** Ends a request admitted by {@link #acquire}: frees its stream and gives back its unused tokens. */
    void release(Entitlement entitlement, long unusedTokens, long now) {
        State state = bySubscription.get(entitlement.subscriptionId());
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.inFlight--;
            if (entitlement.tokensPerMinute() != Entitlement.UNLIMITED && unusedTokens > 0) {
                state.tokens.refund(now, unusedTokens, entitlement.tokensPerMinute());
            }
        }
    }

    /** Requests in flight of one subscription on this replica. */
    int inFlight(String subscriptionId) {
        State state = bySubscription.get(subscriptionId);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.inFlight;
        }
    }

    private static QuotaRefusal refused(State state, Entitlement entitlement, long now, long waitNanos, String what) {
        Map<String, String> headers = headers(state, entitlement, now);
        headers.put(RETRY_AFTER, Long.toString(DurationText.retryAfterSeconds(waitNanos)));
        return new QuotaRefusal(ErrorCode.RATE_LIMITED, "Rate limit reached for subscription "
                + entitlement.subscriptionId() + " (offer " + entitlement.offeringId() + ") on " + what
                + ". Please try again in " + DurationText.of(waitNanos) + ".", headers);
    }

    private static Map<String, String> headers(State state, Entitlement entitlement, long now) {
        Map<String, String> headers = new LinkedHashMap<>();
        long rpm = entitlement.requestsPerMinute();
        long tpm = entitlement.tokensPerMinute();
        if (rpm != Entitlement.UNLIMITED) {
            headers.put(LIMIT_REQUESTS, Long.toString(rpm));
            headers.put(REMAINING_REQUESTS, Long.toString(state.requests.remaining(now, rpm)));
            headers.put(RESET_REQUESTS, DurationText.of(state.requests.resetNanos(now)));
        }
        if (tpm != Entitlement.UNLIMITED) {
            headers.put(LIMIT_TOKENS, Long.toString(tpm));
            headers.put(REMAINING_TOKENS, Long.toString(state.tokens.remaining(now, tpm)));
            headers.put(RESET_TOKENS, DurationText.of(state.tokens.resetNanos(now)));
        }
        return headers;
    }
}
