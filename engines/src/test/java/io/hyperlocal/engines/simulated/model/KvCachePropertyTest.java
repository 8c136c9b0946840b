package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever sequences come, grow and go, the block accounting holds. */
class KvCachePropertyTest {

    @Property(tries = 300)
    void blockAccountingHolds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 64) int totalBlocks) {
        SplittableRandom random = new SplittableRandom(seed);
        KvCache cache = new KvCache(totalBlocks);
        Map<Long, int[]> tokens = new HashMap<>();
        Map<Long, Integer> computed = new HashMap<>();
        List<Long> live = new ArrayList<>();
        long next = 0;
        for (int operation = 0; operation < 200; operation++) {
            int choice = random.nextInt(3);
            if (choice == 0 || live.isEmpty()) {
                // Prompts drawn from three shared stems, so that prefixes repeat.
                int stem = random.nextInt(3);
                int length = 1 + random.nextInt(80);
                int[] prompt = new int[length];
                Arrays.setAll(prompt, i -> i < 40 ? stem * 1000 + i : random.nextInt(1_000_000));
                int cached = cache.cachedPrefix(7, prompt, length);
                int chunk = 1 + random.nextInt(length - cached);
                long id = next++;
                if (cache.admit(id, 7, prompt, length, chunk, 0)) {
                    cache.commit(id, prompt, cached + chunk);
                    tokens.put(id, prompt);
                    computed.put(id, cached + chunk);
                    live.add(id);
                }
            } else if (choice == 1) {
                long id = live.get(random.nextInt(live.size()));
                int target = Math.min(tokens.get(id).length, computed.get(id) + 1 + random.nextInt(20));
                if (cache.grow(id, target)) {
                    cache.commit(id, tokens.get(id), target);
                    computed.put(id, target);
                }
            } else {
                long id = live.remove(random.nextInt(live.size()));
                cache.free(id);
                assertThat(cache.holds(id)).isFalse();
            }
            int[] references = cache.referenceCounts();
            assertThat(Arrays.stream(references).min().orElse(0)).isNotNegative();
            assertThat(cache.usedBlocks() + cache.freeBlocks()).isEqualTo(totalBlocks);
            assertThat(Arrays.stream(references).filter(count -> count > 0).count()).isEqualTo(cache.usedBlocks());
            assertThat(Arrays.stream(references).sum())
                    .isEqualTo(live.stream().mapToInt(cache::blocksOf).sum());
            assertThat(cache.hitTokens()).isLessThanOrEqualTo(cache.queriedTokens());
        }
        live.forEach(cache::free);
        assertThat(cache.usedBlocks()).isZero();
        assertThat(cache.freeBlocks()).isEqualTo(totalBlocks);
    }

    @Property(tries = 200)
    void aSecondSequenceWithTheSamePromptHitsEveryFullBlockButTheLastToken(
            @ForAll @IntRange(min = 1, max = 300) int length) {
        KvCache cache = new KvCache(64);
        int[] prompt = new int[length];
        Arrays.setAll(prompt, i -> i * 31);
        assertThat(cache.admit(1, 7, prompt, length, length, 0)).isTrue();
        cache.commit(1, prompt, length);
        cache.free(1);

        int hit = cache.cachedPrefix(7, prompt, length);

        assertThat(hit).isEqualTo((length - 1) / KvCache.BLOCK_SIZE * KvCache.BLOCK_SIZE);
        assertThat(cache.admit(2, 7, prompt, length, length - hit, 0)).isTrue();
        assertThat(cache.hitTokens()).isEqualTo(hit);
    }
}
