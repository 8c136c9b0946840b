package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    static final long MODEL = PseudoTokens.namespace("demo");

    static int[] tokens(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    /** Admits, computes all of {@code tokens} and commits, as a finished prefill would. */
    static KvCache.Hold prefill(KvCache cache, int[] tokens) {
        KvCache.Hold hold = cache.hold(MODEL, tokens);
        int cached = cache.cachedPrefix(hold, tokens.length);
        assertThat(cache.admit(hold, tokens.length, tokens.length - cached, 0)).isTrue();
        cache.commit(hold, tokens.length);
        return hold;
    }

    static int cachedPrefix(KvCache cache, long namespace, int[] tokens) {
        return cache.cachedPrefix(cache.hold(namespace, tokens), tokens.length);
    }

    @Test
    void aSequenceHoldsTheBlocksItsTokensFill() {
        KvCache cache = new KvCache(10);

        KvCache.Hold hold = prefill(cache, tokens(0, 33));

        assertThat(hold.blocks()).isEqualTo(3);
        assertThat(cache.usedBlocks()).isEqualTo(3);
        assertThat(cache.freeBlocks()).isEqualTo(7);
        assertThat(cache.usage()).isEqualTo(0.3);
        assertThat(cache.grow(hold, 48)).isTrue();
        assertThat(hold.blocks()).isEqualTo(3);
        assertThat(cache.grow(hold, 49)).isTrue();
        assertThat(hold.blocks()).isEqualTo(4);
    }

    @Test
    void aSharedPrefixIsAHitWhileTheFirstSequenceRuns() {
        KvCache cache = new KvCache(10);
        int[] first = tokens(0, 40);
        int[] second = IntStream.concat(IntStream.range(0, 32), IntStream.range(500, 520)).toArray();
        prefill(cache, first);

        assertThat(cachedPrefix(cache, MODEL, second)).isEqualTo(32);
        prefill(cache, second);

        // Two blocks shared, then the first's third block and the second's own two.
        assertThat(cache.usedBlocks()).isEqualTo(3 + 2);
        assertThat(cache.queriedTokens()).isEqualTo(40 + 52);
        assertThat(cache.hitTokens()).isEqualTo(32);
        assertThat(cache.referenceCounts()).contains(2, 2);
    }

    @Test
    void blocksOfAFinishedSequenceStayCachedAndComeBack() {
        KvCache cache = new KvCache(4);
        KvCache.Hold first = prefill(cache, tokens(0, 48));
        cache.free(first);

        assertThat(first.isHeld()).isFalse();
        assertThat(first.blocks()).isZero();
        assertThat(cache.usedBlocks()).isZero();
        assertThat(cache.cachedFreeBlocks()).isEqualTo(3);
        prefill(cache, tokens(0, 48));

        // The last token is always computed, so the third block is computed again, not hit.
        assertThat(cache.hitTokens()).isEqualTo(32);
        assertThat(cache.usedBlocks()).isEqualTo(3);
    }

    @Test
    void theWholePromptCachedStillComputesItsLastToken() {
        KvCache cache = new KvCache(8);
        prefill(cache, tokens(0, 64));

        assertThat(cachedPrefix(cache, MODEL, tokens(0, 64))).isEqualTo(48);
        assertThat(cachedPrefix(cache, MODEL, tokens(0, 65))).isEqualTo(64);
        assertThat(cachedPrefix(cache, PseudoTokens.namespace("other-model"), tokens(0, 65))).isZero();
    }

    @Test
    void evictsTheLeastRecentlyFreedBlocksFirstAndTheTailBeforeThePrefix() {
        KvCache cache = new KvCache(4);
        KvCache.Hold first = prefill(cache, tokens(0, 32));
        KvCache.Hold second = prefill(cache, tokens(100, 32));
        cache.free(first);
        cache.free(second);

        // Two new blocks overwrite the first sequence's: its tail block first, then its head.
        prefill(cache, tokens(200, 17));

        assertThat(cachedPrefix(cache, MODEL, tokens(0, 33))).isZero();
        assertThat(cachedPrefix(cache, MODEL, tokens(100, 33))).isEqualTo(32);
    }

    @Test
    void aBlockIsKnownByItsWholePrefixNotOnlyItsOwnTokens() {
        KvCache cache = new KvCache(4);
        int[] shared = tokens(500, 16);
        int[] first = IntStream.concat(IntStream.range(0, 16), IntStream.of(shared)).toArray();
        int[] second = IntStream.concat(IntStream.range(100, 116), IntStream.of(shared)).toArray();
        KvCache.Hold firstHold = prefill(cache, first);
        KvCache.Hold secondHold = prefill(cache, second);
        cache.free(firstHold);
        cache.free(secondHold);

        // The next block taken overwrites the first prompt's second block; the second prompt's own
        // second block, same tokens after another first block, stays cached.
        prefill(cache, tokens(900, 10));

        int[] secondAndMore = IntStream.concat(IntStream.of(second), IntStream.of(7)).toArray();
        assertThat(cachedPrefix(cache, MODEL, secondAndMore)).isEqualTo(32);
        int[] firstAndMore = IntStream.concat(IntStream.of(first), IntStream.of(7)).toArray();
        assertThat(cachedPrefix(cache, MODEL, firstAndMore)).isEqualTo(16);
    }

    @Test
    void refusesAnAdmissionThatDoesNotFitWithoutChangingAnything() {
        KvCache cache = new KvCache(4);
        KvCache.Hold first = prefill(cache, tokens(0, 40));

        KvCache.Hold second = cache.hold(MODEL, tokens(100, 40));
        assertThat(cache.admit(second, 40, 40, 0)).isFalse();
        assertThat(cache.admit(second, 16, 16, 1)).isFalse();
        assertThat(second.isHeld()).isFalse();
        assertThat(second.blocks()).isZero();
        assertThat(cache.usedBlocks()).isEqualTo(3);
        assertThat(cache.queriedTokens()).isEqualTo(40);
        assertThat(cache.grow(first, 80)).isFalse();
        assertThat(first.blocks()).isEqualTo(3);
    }

    @Test
    void aHoldIsUsedOnlyWithItsOwnCacheAndWhileHeld() {
        KvCache cache = new KvCache(4);
        KvCache other = new KvCache(4);
        KvCache.Hold hold = cache.hold(MODEL, tokens(0, 64));

        assertThatThrownBy(() -> other.admit(hold, 40, 40, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another KV cache");
        assertThatThrownBy(() -> cache.grow(hold, 20)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not held");
        assertThat(cache.admit(hold, 40, 20, 0)).isTrue();
        assertThatThrownBy(() -> cache.admit(hold, 40, 20, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already held");
        assertThatThrownBy(() -> cache.commit(hold, 48)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("computed 48 tokens in 2 blocks");
        assertThatThrownBy(() -> cache.cachedPrefix(hold, 65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length must be in [1, 64]");
    }
}
