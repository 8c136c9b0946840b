package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KvCacheTest {
    static final long MODEL = PseudoTokens.namespace("demo");

    static int[] tokens(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    /** Admits, computes all of {@code tokens} and commits, as a finished prefill would. */
    static void prefill(KvCache cache, long sequence, int[] tokens) {
        int cached = cache.cachedPrefix(MODEL, tokens, tokens.length);
        assertThat(cache.admit(sequence, MODEL, tokens, tokens.length, tokens.length - cached, 0)).isTrue();
        cache.commit(sequence, tokens, tokens.length);
    }

    @Test
    void aSequenceHoldsTheBlocksItsTokensFill() {
        KvCache cache = new KvCache(10);

        prefill(cache, 1, tokens(0, 33));

        assertThat(cache.blocksOf(1)).isEqualTo(3);
        assertThat(cache.usedBlocks()).isEqualTo(3);
        assertThat(cache.freeBlocks()).isEqualTo(7);
        assertThat(cache.usage()).isEqualTo(0.3);
        assertThat(cache.grow(1, 48)).isTrue();
        assertThat(cache.blocksOf(1)).isEqualTo(3);
        assertThat(cache.grow(1, 49)).isTrue();
        assertThat(cache.blocksOf(1)).isEqualTo(4);
    }

    @Test
    void aSharedPrefixIsAHitWhileTheFirstSequenceRuns() {
        KvCache cache = new KvCache(10);
        int[] first = tokens(0, 40);
        int[] second = IntStream.concat(IntStream.range(0, 32), IntStream.range(500, 520)).toArray();
        prefill(cache, 1, first);

        assertThat(cache.cachedPrefix(MODEL, second, second.length)).isEqualTo(32);
        prefill(cache, 2, second);

        // Two blocks shared, then the first's third block and the second's own two.
        assertThat(cache.usedBlocks()).isEqualTo(3 + 2);
        assertThat(cache.queriedTokens()).isEqualTo(40 + 52);
        assertThat(cache.hitTokens()).isEqualTo(32);
        assertThat(cache.referenceCounts()).contains(2, 2);
    }

    @Test
    void blocksOfAFinishedSequenceStayCachedAndComeBack() {
        KvCache cache = new KvCache(4);
        prefill(cache, 1, tokens(0, 48));
        cache.free(1);

        assertThat(cache.usedBlocks()).isZero();
        assertThat(cache.cachedFreeBlocks()).isEqualTo(3);
        prefill(cache, 2, tokens(0, 48));

        // The last token is always computed, so the third block is computed again, not hit.
        assertThat(cache.hitTokens()).isEqualTo(32);
        assertThat(cache.usedBlocks()).isEqualTo(3);
    }

    @Test
    void theWholePromptCachedStillComputesItsLastToken() {
        KvCache cache = new KvCache(8);
        prefill(cache, 1, tokens(0, 64));

        assertThat(cache.cachedPrefix(MODEL, tokens(0, 64), 64)).isEqualTo(48);
        assertThat(cache.cachedPrefix(MODEL, tokens(0, 65), 65)).isEqualTo(64);
        assertThat(cache.cachedPrefix(PseudoTokens.namespace("other-model"), tokens(0, 65), 65)).isZero();
    }

    @Test
    void evictsTheLeastRecentlyFreedBlocksFirstAndTheTailBeforeThePrefix() {
        KvCache cache = new KvCache(4);
        prefill(cache, 1, tokens(0, 32));
        prefill(cache, 2, tokens(100, 32));
        cache.free(1);
        cache.free(2);

        // Two new blocks overwrite sequence 1's: its tail block first, then its head.
        prefill(cache, 3, tokens(200, 17));

        assertThat(cache.cachedPrefix(MODEL, tokens(0, 33), 33)).isZero();
        assertThat(cache.cachedPrefix(MODEL, tokens(100, 33), 33)).isEqualTo(32);
    }

    @Test
    void refusesAnAdmissionThatDoesNotFitWithoutChangingAnything() {
        KvCache cache = new KvCache(4);
        prefill(cache, 1, tokens(0, 40));

        assertThat(cache.admit(2, MODEL, tokens(100, 40), 40, 40, 0)).isFalse();
        assertThat(cache.admit(2, MODEL, tokens(100, 16), 16, 16, 1)).isFalse();
        assertThat(cache.holds(2)).isFalse();
        assertThat(cache.usedBlocks()).isEqualTo(3);
        assertThat(cache.queriedTokens()).isEqualTo(40);
        assertThat(cache.grow(1, 80)).isFalse();
        assertThat(cache.blocksOf(1)).isEqualTo(3);
    }
}
