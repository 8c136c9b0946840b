package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private static final long LAST_MILLI = (1L << 48) - 1;

    @Property
    void anIdIsReqAndTwentyEightLowerCaseHexDigits(@ForAll @LongRange(min = 0, max = LAST_MILLI) long millis,
            @ForAll long random) {
        assertThat(RequestIds.of(millis, random)).matches("req_[0-9a-f]{28}");
    }

    /** Reading the time and the random bits back proves that two different pairs never share an id. */
    @Property
    void anIdHoldsItsTimeAndItsRandomBits(@ForAll @LongRange(min = 0, max = LAST_MILLI) long millis,
            @ForAll long random) {
        String id = RequestIds.of(millis, random);

        assertThat(Long.parseLong(id.substring(4, 16), 16)).isEqualTo(millis);
        assertThat(Long.parseUnsignedLong(id.substring(16), 16)).isEqualTo(random);
    }

    /** What keeps the ledger's unique index growing at its right-hand edge. */
    @Property
    void aLaterRequestHasAGreaterId(@ForAll @LongRange(min = 0, max = LAST_MILLI - 1) long millis,
            @ForAll @LongRange(min = 1, max = 1_000_000) long later, @ForAll long random, @ForAll long laterRandom) {
        long laterMillis = Math.min(LAST_MILLI, millis + later);

        assertThat(RequestIds.of(laterMillis, laterRandom)).isGreaterThan(RequestIds.of(millis, random));
    }

    @Test
    void nextReadsTheClockAndTheCallingThreadsGenerator() {
        Instant now = Instant.parse("2026-11-26T10:00:00.123Z");
        SplittableRandom random = new SplittableRandom(7);
        long expectedBits = new SplittableRandom(7).nextLong();
        RequestIds ids = new RequestIds(InstantSource.fixed(now), () -> random);

        assertThat(ids.next()).isEqualTo(RequestIds.of(now.toEpochMilli(), expectedBits))
                .startsWith("req_01a2174c357b");
    }

    @Test
    void theSystemsIdsInOneMillisecondAreAllDifferent() {
        RequestIds ids = new RequestIds(InstantSource.fixed(Instant.parse("2026-11-26T10:00:00Z")),
                ThreadLocalRandom::current);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.next())).as("id %d is new", i).isTrue();
        }
    }

    @Test
    void aTimeOutsideTwelveHexDigitsIsRefused() {
        assertThatThrownBy(() -> RequestIds.of(-1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> RequestIds.of(1L << 48, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 2^48 - 1 ms");
    }
}
