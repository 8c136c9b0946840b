package io.hyperlocal.server.gateway;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Request ids: {@code req_}, the time in milliseconds since the epoch as 12 hex digits, then 16 random
 * hex digits, for example {@code req_01a2174c357b9e3d5a0c4f61b2d87e15} (2026-11-26 at 10:00:00.123 UTC).
 *
 * <p>Time first, so that a gateway's ids grow as its requests arrive (like UUID version 7). The id is
 * the usage record's, and the ledger keeps a unique index on each gateway's ids: growing ids go in at
 * the index's right-hand edge, where purely random ones land anywhere in an index that outgrows
 * PostgreSQL's buffers within minutes at a few thousand requests a second, and then make nearly every
 * insert touch a page of its own (measured with {@code ./hyperlocal bench ledger --ids random}: see
 * bench/README.md). Sixty-four random bits within each millisecond keep two requests of one gateway
 * apart: at 5,000 requests a second, the chance that any two of a year's requests share an id is about
 * one in sixty million.
 */
public final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int TIME_DIGITS = 12;
    private static final int RANDOM_DIGITS = 16;

    private final InstantSource clock;
    private final Supplier<? extends RandomGenerator> random;

    /** Ids from the system clock and each thread's own random generator. */
    public RequestIds() {
        this(InstantSource.system(), ThreadLocalRandom::current);
    }

    /**
     * @param random gives the generator to use on the calling thread: {@code next()} is called from
     *     every event loop at once
     */
    public RequestIds(InstantSource clock, Supplier<? extends RandomGenerator> random) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    public String next() {
        return of(clock.millis(), random.get().nextLong());
    }

    /**
     * The id of a request received at {@code epochMillis}, with {@code randomBits} as its random part.
     *
     * @throws IllegalArgumentException when the time is before the epoch or needs more than 12 hex
     *     digits (after the year 10889)
     */
    public static String of(long epochMillis, long randomBits) {
        if (epochMillis < 0 || epochMillis >>> (4 * TIME_DIGITS) != 0) {
            throw new IllegalArgumentException("a request id's time must be 0 to 2^48 - 1 ms since the epoch: "
                    + epochMillis);
        }
        char[] id = new char[4 + TIME_DIGITS + RANDOM_DIGITS];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        hex(id, 4, epochMillis, TIME_DIGITS);
        hex(id, 4 + TIME_DIGITS, randomBits, RANDOM_DIGITS);
        return new String(id);
    }

    /** Writes the low {@code digits} hex digits of {@code value} at {@code at}, most significant first. */
    private static void hex(char[] into, int at, long value, int digits) {
        for (int i = 0; i < digits; i++) {
            into[at + i] = HEX[(int) (value >>> (4 * (digits - 1 - i))) & 0xf];
        }
    }
}
