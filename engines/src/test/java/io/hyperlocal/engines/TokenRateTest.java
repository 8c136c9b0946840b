package io.hyperlocal.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenRateTest {
    final AtomicLong now = new AtomicLong(1_000);
    final TokenRate rate = new TokenRate(now::get, Duration.ofSeconds(5));

    @Test
    void readsTokensOverTheWindowAndDecays() {
        assertThat(rate.perSecond()).isZero();

        rate.record(10);
        assertThat(rate.perSecond()).isEqualTo(2.0);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(rate.perSecond()).isCloseTo(2.0 / Math.E, within(1e-9));
    }

    @Test
    void convergesToASteadyRate() {
        for (int i = 0; i < 60_000; i++) {
            now.addAndGet(Duration.ofMillis(1).toNanos());
            rate.record(1);
        }

        assertThat(rate.perSecond()).isCloseTo(1000, within(1.0));
    }
}
