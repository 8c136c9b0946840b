package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.EngineLoad;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Staleness is computed without a {@link Duration}; it must agree with the plain definition. */
class ObservedLoadPropertiesTest {
    private static final EngineLoad FIGURES = new EngineLoad(1, 0, 8, 0.1, 10);

    @Property
    void isStaleAgreesWithComparingTheDurationBetween(
            @ForAll("instants") Instant observedAt, @ForAll("instants") Instant now, @ForAll("durations") Duration staleAfter) {
        boolean expected = Duration.between(observedAt, now).compareTo(staleAfter) > 0;

        assertThat(new ObservedLoad(FIGURES, observedAt).isStale(now, staleAfter)).isEqualTo(expected);
    }

    @Property
    void isStaleAgreesNearTheBoundary(@ForAll("instants") Instant now, @ForAll("durations") Duration staleAfter,
            @ForAll("nudges") long nudgeNanos) {
        Instant observedAt = now.minus(staleAfter).plusNanos(nudgeNanos);
        boolean expected = Duration.between(observedAt, now).compareTo(staleAfter) > 0;

        assertThat(new ObservedLoad(FIGURES, observedAt).isStale(now, staleAfter)).isEqualTo(expected);
    }

    /** Around today, with whole seconds, whole milliseconds and any nanosecond, a clock ahead included. */
    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(1_790_000_000L, 1_800_000_000L),
                        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                                Arbitraries.integers().between(0, 999_999_999)))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 10_000).map(Duration::ofMillis),
                Arbitraries.longs().between(1, 10_000_000_000L).map(Duration::ofNanos),
                Arbitraries.longs().between(1, 1_000_000).map(Duration::ofSeconds));
    }

    @Provide
    Arbitrary<Long> nudges() {
        return Arbitraries.longs().between(-2_000_000_000L, 2_000_000_000L).edgeCases(edges -> edges.add(0L, 1L, -1L));
    }
}
