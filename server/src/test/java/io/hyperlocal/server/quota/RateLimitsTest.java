package io.hyperlocal.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-minute and concurrency limits on an injected clock, with OpenAI's headers; and resolution. */
class RateLimitsTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final TestingClock clock = new TestingClock("2026-11-20T10:00:00Z");
    private final TestingEntitlements entitlements = new TestingEntitlements();
    private final Allowances allowances = new Allowances(new LeaseStore(QuotaDatabase.dataSource()), clock,
            LeasePolicy.DEFAULTS, Runnable::run);
    private final Enforcement enforcement = new Enforcement(entitlements, allowances, new Enforcement.Settings(100, 10),
            clock);

    private static Entitlement limits(String id, long rpm, long tpm, int streams) {
        return new Entitlement(id, "offer-" + id, Set.of("stories260k"), Entitlement.UNLIMITED,
                AllowancePeriod.CALENDAR_MONTH, 0, rpm, tpm, streams, List.of("FR"));
    }

    private String subscriber(Entitlement... active) {
        String subscriber = "subscriber-limits-" + IDS.incrementAndGet();
        entitlements.set(subscriber, List.of(active));
        return subscriber;
    }

    private Enforcement.Admitted admit(String subscriber, int maxTokens, long promptBytes) {
        String id = "req_" + IDS.incrementAndGet();
        Enforcement.Admitted admitted = enforcement.admit(id, subscriber, "stories260k", maxTokens, promptBytes);
        enforcement.settle(id, 0);
        return admitted;
    }

    @Test
    void requestsPerMinuteRefuseWithRetryAfterAndRecoverWithTheClock() {
        String subscriber = subscriber(limits("sub-rpm-" + IDS.incrementAndGet(), 3, Entitlement.UNLIMITED, 10));
        assertThat(admit(subscriber, 10, 0).headers()).containsEntry("x-ratelimit-limit-requests", "3")
                .containsEntry("x-ratelimit-remaining-requests", "2").containsEntry("x-ratelimit-reset-requests", "20s")
                .doesNotContainKey("x-ratelimit-limit-tokens");
        admit(subscriber, 10, 0);
        assertThat(admit(subscriber, 10, 0).headers()).containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "1m0s");

        QuotaRefusal refused = refusal(() -> admit(subscriber, 10, 0));
        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("requests per min (RPM): Limit 3", "try again in 20s");
        assertThat(refused.headers()).containsEntry("retry-after", "20").containsEntry("x-ratelimit-remaining-requests", "0");

        clock.advance(Duration.ofSeconds(19));
        assertThat(refusal(() -> admit(subscriber, 10, 0)).headers()).containsEntry("retry-after", "1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(admit(subscriber, 10, 0).headers()).containsEntry("x-ratelimit-remaining-requests", "0");
    }

    @Test
    void tokensPerMinuteCountTheReservationAndGiveBackWhatWasNotUsed() {
        String subscription = "sub-tpm-" + IDS.incrementAndGet();
        String subscriber = subscriber(limits(subscription, Entitlement.UNLIMITED, 600, 10));
        // Reservation: 40 prompt bytes + 10 overhead + 250 max tokens = 300, half the minute's tokens.
        String first = "req_tpm_1_" + subscription;
        assertThat(enforcement.admit(first, subscriber, "stories260k", 250, 40).headers())
                .containsEntry("x-ratelimit-limit-tokens", "600").containsEntry("x-ratelimit-remaining-tokens", "300")
                .containsEntry("x-ratelimit-reset-tokens", "30s");
        String second = "req_tpm_2_" + subscription;
        enforcement.admit(second, subscriber, "stories260k", 250, 40);
        QuotaRefusal refused = refusal(() -> enforcement.admit("req_tpm_3", subscriber, "stories260k", 250, 40));
        assertThat(refused.getMessage()).contains("tokens per min (TPM): Limit 600, Requested 300");
        assertThat(refused.headers()).containsEntry("retry-after", "30");

        // The first one used only 50 tokens: 250 come back at once.
        enforcement.settle(first, 50);
        enforcement.settle(second, 300);
        assertThat(admit(subscriber, 150, 40).headers()).containsEntry("x-ratelimit-remaining-tokens", "50");

        QuotaRefusal tooLarge = refusal(() -> admit(subscriber, 1000, 0));
        assertThat(tooLarge.getMessage()).contains("Request too large", "Limit 600, Requested 1010");
    }

    @Test
    void requestsInFlightAreLimitedAndFreedWhenTheyEnd() {
        String subscriber = subscriber(limits("sub-streams-" + IDS.incrementAndGet(), Entitlement.UNLIMITED,
                Entitlement.UNLIMITED, 2));
        enforcement.admit("req_streams_1_" + subscriber, subscriber, "stories260k", 10, 0);
        enforcement.admit("req_streams_2_" + subscriber, subscriber, "stories260k", 10, 0);
        QuotaRefusal refused = refusal(() -> enforcement.admit("req_streams_3_" + subscriber, subscriber, "stories260k",
                10, 0));
        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("allows 2 at once and 2 are running");
        assertThat(refused.headers()).containsEntry("retry-after", "1");

        enforcement.settle("req_streams_1_" + subscriber, 5);
        enforcement.settle("req_streams_1_" + subscriber, 5); // a second settle frees nothing more
        enforcement.admit("req_streams_4_" + subscriber, subscriber, "stories260k", 10, 0);
        assertThat(refusal(() -> enforcement.admit("req_streams_5_" + subscriber, subscriber, "stories260k", 10, 0))
                .code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void theFirstEntitlementWithAllowanceLeftPaysInADocumentedOrder() {
        String suffix = "-" + IDS.incrementAndGet();
        Entitlement unlimited = limits("a-payg" + suffix, Entitlement.UNLIMITED, Entitlement.UNLIMITED, 10);
        Entitlement bundleB = TestingEntitlements.allowance("c-bundle" + suffix, 1_000);
        Entitlement bundleA = TestingEntitlements.allowance("b-bundle" + suffix, 200);
        String subscriber = subscriber(unlimited, bundleB, bundleA);
        // Limited allowances first, by subscription id: b-bundle, then c-bundle, then the unlimited one.
        assertThat(admit(subscriber, 100, 0).subscriptionId()).isEqualTo("b-bundle" + suffix);
        Enforcement.Admitted second = admit(subscriber, 100, 0);
        assertThat(second.subscriptionId()).isEqualTo("b-bundle" + suffix);
        assertThat(admit(subscriber, 500, 0).subscriptionId()).isEqualTo("c-bundle" + suffix);
        assertThat(admit(subscriber, 5_000, 0).subscriptionId()).isEqualTo("a-payg" + suffix);
        assertThat(admit(subscriber, 5_000, 0).residencyTags()).containsExactly("FR");
    }

    @Test
    void noSubscriptionAndModelsNotAllowedAreRefusedWithWhatToDo() {
        HyperlocalException none = (HyperlocalException) catchThrowable(
                () -> enforcement.admit("req_none", "subscriber-without-anything", "stories260k", 10, 0));
        assertThat(none.code()).isEqualTo(ErrorCode.NO_ACTIVE_SUBSCRIPTION);
        assertThat(none.code().httpStatus()).isEqualTo(403);
        assertThat(none.getMessage()).contains("subscriber-without-anything", "no active subscription");

        String subscriber = subscriber(limits("sub-models-" + IDS.incrementAndGet(), 10, 10_000, 10));
        HyperlocalException notAllowed = (HyperlocalException) catchThrowable(
                () -> enforcement.admit("req_models", subscriber, "mistral-7b", 10, 0));
        assertThat(notAllowed.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
        assertThat(notAllowed.param()).hasValue("model");
        assertThat(notAllowed.getMessage()).contains("'mistral-7b'", "Models allowed: stories260k");
    }

    @Test
    void anExhaustedAllowanceSaysWhenItResets() {
        String subscription = "sub-exhausted-" + IDS.incrementAndGet();
        String subscriber = subscriber(TestingEntitlements.allowance(subscription, 150));
        admit(subscriber, 140, 0); // reserves 150, settles 0: all of it is still there
        assertThat(admit(subscriber, 140, 0).reservedTokens()).isEqualTo(150);
        String id = "req_exhausting_" + subscription;
        enforcement.admit(id, subscriber, "stories260k", 140, 0);
        enforcement.settle(id, 150);
        QuotaRefusal refused = refusal(() -> admit(subscriber, 1, 0));
        assertThat(refused.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
        assertThat(refused.code().httpStatus()).isEqualTo(429);
        assertThat(refused.getMessage()).contains(subscription, "allowance of 150 tokens",
                "resets at 2026-12-01T00:00:00Z (in 254h0m0s)");
    }

    /** An exhausted allowance is an answer to a limited subscriber too: it carries the x-ratelimit-* headers. */
    @Test
    void anExhaustedAllowanceCarriesTheRateLimitHeaders() {
        String subscription = "sub-exhausted-limited-" + IDS.incrementAndGet();
        String subscriber = subscriber(new Entitlement(subscription, "offer-" + subscription, Set.of("stories260k"),
                150, AllowancePeriod.CALENDAR_MONTH, 0, 10, 10_000, 5, List.of("FR")));
        String id = "req_exhausting_" + subscription;
        enforcement.admit(id, subscriber, "stories260k", 140, 0);
        enforcement.settle(id, 150);
        QuotaRefusal refused = refusal(() -> admit(subscriber, 1, 0));
        assertThat(refused.code()).isEqualTo(ErrorCode.INSUFFICIENT_QUOTA);
        assertThat(refused.headers()).containsEntry("x-ratelimit-limit-requests", "10")
                .containsEntry("x-ratelimit-remaining-requests", "9")
                .containsEntry("x-ratelimit-limit-tokens", "10000")
                .doesNotContainKey("retry-after");
    }

    @Test
    void durationsAreWrittenAsOpenAiWritesThem() {
        assertThat(DurationText.of(0)).isEqualTo("0s");
        assertThat(DurationText.of(250_000_000)).isEqualTo("250ms");
        assertThat(DurationText.of(1_000_000_000)).isEqualTo("1s");
        assertThat(DurationText.of(1_000_000_001)).isEqualTo("2s");
        assertThat(DurationText.of(Duration.ofMinutes(6).toNanos())).isEqualTo("6m0s");
        assertThat(DurationText.of(Duration.ofSeconds(3723).toNanos())).isEqualTo("1h2m3s");
        assertThat(DurationText.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(Map.of("x", DurationText.retryAfterSeconds(20_000_000_000L))).containsEntry("x", 20L);
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private static QuotaRefusal refusal(Runnable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(QuotaRefusal.class);
        return (QuotaRefusal) thrown;
    }
}
