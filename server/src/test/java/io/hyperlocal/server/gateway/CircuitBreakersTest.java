package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {
    private final AtomicLong now = new AtomicLong();
    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterConsecutiveFailuresThenLetsOneTrialThrough() {
        breakers.failure("fr-par");
        breakers.failure("fr-par");
        assertThat(breakers.allow("fr-par")).isTrue();
        breakers.failure("fr-par");
        assertThat(breakers.allow("fr-par")).isFalse();
        assertThat(breakers.allow("fr-mrs")).as("other sites are not affected").isTrue();

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breakers.allow("fr-par")).as("half-open: one trial").isTrue();
        assertThat(breakers.allow("fr-par")).as("only one trial at a time").isFalse();
        breakers.success("fr-par");
        assertThat(breakers.allow("fr-par")).isTrue();
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        for (int i = 0; i < 3; i++) {
            breakers.failure("de-fra");
        }
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(breakers.allow("de-fra")).isTrue();
        breakers.failure("de-fra");
        assertThat(breakers.allow("de-fra")).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        breakers.failure("fr-par");
        breakers.failure("fr-par");
        breakers.success("fr-par");
        breakers.failure("fr-par");
        breakers.failure("fr-par");
        assertThat(breakers.allow("fr-par")).isTrue();
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new CircuitBreakers(0, Duration.ofSeconds(1), now::get)).hasMessageContaining("failures");
        assertThatThrownBy(() -> new CircuitBreakers(1, Duration.ZERO, now::get)).hasMessageContaining("cooldown");
    }
}
