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
        Map<Long, KvCache.Hold> holds = new HashMap<>();
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
                KvCache.Hold hold = cache.hold(7, prompt);
                int cached = cache.cachedPrefix(hold, length);
                int chunk = 1 + random.nextInt(length - cached);
                long id = next++;
                if (cache.admit(hold, length, chunk, 0)) {
                    cache.commit(hold, cached + chunk);
                    holds.put(id, hold);
                    tokens.put(id, prompt);
                    computed.put(id, cached + chunk);
                    live.add(id);
                }
            } else if (choice == 1) {
                long id = live.get(random.nextInt(live.size()));
                int target = Math.min(tokens.get(id).length, computed.get(id) + 1 + random.nextInt(20));
                if (cache.grow(holds.get(id), target)) {
                    cache.commit(holds.get(id), target);
                    computed.put(id, target);
                }
            } else {
                long id = live.remove(random.nextInt(live.size()));
                cache.free(holds.get(id));
                assertThat(holds.get(id).isHeld()).isFalse();
            }
            int[] references = cache.referenceCounts();
            assertThat(Arrays.stream(references).min().orElse(0)).isNotNegative();
            assertThat(cache.usedBlocks() + cache.freeBlocks()).isEqualTo(totalBlocks);
            assertThat(Arrays.stream(references).filter(count -> count > 0).count()).isEqualTo(cache.usedBlocks());
            assertThat(Arrays.stream(references).sum())
                    .isEqualTo(live.stream().mapToInt(id -> holds.get(id).blocks()).sum());
            assertThat(cache.hitTokens()).isLessThanOrEqualTo(cache.queriedTokens());
        }
        live.forEach(id -> cache.free(holds.get(id)));
        assertThat(cache.usedBlocks()).isZero();
        assertThat(cache.freeBlocks()).isEqualTo(totalBlocks);
    }

    @Property(tries = 200)
    void aSecondSequenceWithTheSamePromptHitsEveryFullBlockButTheLastToken(
            @ForAll @IntRange(min = 1, max = 300) int length) {
        KvCache cache = new KvCache(64);
        int[] prompt = new int[length];
        Arrays.setAll(prompt, i -> i * 31);
        KvCache.Hold first = cache.hold(7, prompt);
        assertThat(cache.admit(first, length, length, 0)).isTrue();
        cache.commit(first, length);
        cache.free(first);

        KvCache.Hold second = cache.hold(7, prompt.clone());
        int hit = cache.cachedPrefix(second, length);

        assertThat(hit).isEqualTo((length - 1) / KvCache.BLOCK_SIZE * KvCache.BLOCK_SIZE);
        assertThat(cache.admit(second, length, length - hit, 0)).isTrue();
        assertThat(cache.hitTokens()).isEqualTo(hit);
    }
}
