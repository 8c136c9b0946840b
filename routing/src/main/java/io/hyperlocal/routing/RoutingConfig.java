package io.hyperlocal.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything tunable about routing, validated on construction (fail fast, never clamp). Start from
 * {@link #DEFAULTS} and change what differs with the {@code with*} methods.
 *
 * @param weights how much each scorer counts
 * @param picker how scored candidates are ordered
 * @param staleAfter load figures older than this count as saturated; a few heartbeat periods
 * @param queuePerSlot an engine is saturated when its waiting queue reaches
 *     {@code ceil(maxConcurrency * queuePerSlot)} (at least 1), in (0, 1000]
 * @param proximityZeroKm great-circle distance at which proximity falls to 0 (linear from 1 at 0 km)
 * @param proximityZeroRtt round-trip time at which proximity falls to 0, for pairs in {@code rtt}
 * @param rtt measured round-trip times that replace distance where known
 * @param loadGuardMargin affinity (prefix or session) is ignored for a candidate whose load score
 *     is lower than the best other candidate's by more than this, in (0, 1]
 * @param prefixBlockChars characters per prefix block: 16 tokens at about 4 characters each
 * @param maxPrefixBlocks most leading blocks of a prompt hashed and matched
 * @param prefixBlocksPerEngine most block hashes remembered per engine (LRU beyond)
 * @param sessionCapacity most sessions remembered (LRU beyond)
 */
public record RoutingConfig(
        RoutingWeights weights,
        Picker picker,
        Duration staleAfter,
        double queuePerSlot,
        double proximityZeroKm,
        Duration proximityZeroRtt,
        RttMatrix rtt,
        double loadGuardMargin,
        int prefixBlockChars,
        int maxPrefixBlocks,
        int prefixBlocksPerEngine,
        int sessionCapacity) {

    /**
     * Heartbeats come every 500 ms, so 2 s is four missed; 2 waiting per slot is vLLM's usual queue
     * before latency explodes; 3000 km spans the EU; block and index sizes are llm-d's
     * approximate-prefix defaults (16-token blocks, 256 blocks matched, 31,250 per server).
     */
    public static final RoutingConfig DEFAULTS = new RoutingConfig(RoutingWeights.DEFAULTS, Picker.HIGHEST_SCORE,
            Duration.ofSeconds(2), 2.0, 3000, Duration.ofMillis(60), RttMatrix.EMPTY, 0.5, 64, 256, 31_250, 100_000);

    public RoutingConfig {
        Objects.requireNonNull(weights, "weights is null");
        Objects.requireNonNull(picker, "picker is null");
        Objects.requireNonNull(staleAfter, "staleAfter is null");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive: " + staleAfter);
        }
        if (!(queuePerSlot > 0 && queuePerSlot <= 1000)) {
            throw new IllegalArgumentException("queuePerSlot must be in (0, 1000]: " + queuePerSlot);
        }
        if (!(proximityZeroKm > 0 && proximityZeroKm <= 40_075)) {
            throw new IllegalArgumentException("proximityZeroKm must be in (0, 40075]: " + proximityZeroKm);
        }
        Objects.requireNonNull(proximityZeroRtt, "proximityZeroRtt is null");
        if (proximityZeroRtt.isNegative() || proximityZeroRtt.isZero()) {
            throw new IllegalArgumentException("proximityZeroRtt must be positive: " + proximityZeroRtt);
        }
        Objects.requireNonNull(rtt, "rtt is null");
        if (!(loadGuardMargin > 0 && loadGuardMargin <= 1)) {
            throw new IllegalArgumentException("loadGuardMargin must be in (0, 1]: " + loadGuardMargin);
        }
        requirePositive("prefixBlockChars", prefixBlockChars);
        requirePositive("maxPrefixBlocks", maxPrefixBlocks);
        requirePositive("prefixBlocksPerEngine", prefixBlocksPerEngine);
        requirePositive("sessionCapacity", sessionCapacity);
    }

    public RoutingConfig withWeights(RoutingWeights newWeights) {
        return new RoutingConfig(newWeights, picker, staleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, rtt,
                loadGuardMargin, prefixBlockChars, maxPrefixBlocks, prefixBlocksPerEngine, sessionCapacity);
    }

    public RoutingConfig withPicker(Picker newPicker) {
        return new RoutingConfig(weights, newPicker, staleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, rtt,
                loadGuardMargin, prefixBlockChars, maxPrefixBlocks, prefixBlocksPerEngine, sessionCapacity);
    }

    public RoutingConfig withStaleAfter(Duration newStaleAfter) {
        return new RoutingConfig(weights, picker, newStaleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, rtt,
                loadGuardMargin, prefixBlockChars, maxPrefixBlocks, prefixBlocksPerEngine, sessionCapacity);
    }

    public RoutingConfig withRtt(RttMatrix newRtt) {
        return new RoutingConfig(weights, picker, staleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, newRtt,
                loadGuardMargin, prefixBlockChars, maxPrefixBlocks, prefixBlocksPerEngine, sessionCapacity);
    }

    public RoutingConfig withLoadGuardMargin(double newMargin) {
        return new RoutingConfig(weights, picker, staleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, rtt,
                newMargin, prefixBlockChars, maxPrefixBlocks, prefixBlocksPerEngine, sessionCapacity);
    }

    public RoutingConfig withPrefixBlocksPerEngine(int newCapacity) {
        return new RoutingConfig(weights, picker, staleAfter, queuePerSlot, proximityZeroKm, proximityZeroRtt, rtt,
                loadGuardMargin, prefixBlockChars, maxPrefixBlocks, newCapacity, sessionCapacity);
    }

    /** Waiting requests at which an engine of {@code maxConcurrency} slots counts as saturated. */
    int queueLimit(int maxConcurrency) {
        return Math.max(1, (int) Math.ceil(maxConcurrency * queuePerSlot));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
