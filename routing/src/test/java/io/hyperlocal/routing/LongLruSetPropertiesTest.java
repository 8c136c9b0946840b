package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link LongLruSet} keeps exactly what the access-ordered {@code LinkedHashMap} it replaced in the
 * prefix index kept, after any sequence of adds and lookups: same size, same members, same order of
 * eviction. Keys come from a small range (so that adds repeat and move keys) or spread. The table that
 * finds the keys has its own test ({@code LongIntTablePropertiesTest}, in core).
 */
class LongLruSetPropertiesTest {

    @Property(tries = 300)
    void keepsWhatTheLinkedHashMapKept(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int capacity,
            @ForAll @IntRange(min = 1, max = 2) int keyShape) {
        SplittableRandom random = new SplittableRandom(seed);
        LongLruSet set = new LongLruSet(capacity);
        Map<Long, Boolean> expected = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
        int range = 1 + random.nextInt(capacity * 3);
        for (int operation = 0; operation < 3_000; operation++) {
            long key = switch (keyShape) {
                case 1 -> random.nextInt(range);
                default -> random.nextLong(); // spread, nearly never repeated
            };
            if (random.nextInt(3) == 0) {
                assertThat(set.contains(key)).as("contains %d at %d", key, operation)
                        .isEqualTo(expected.containsKey(key));
            } else {
                set.add(key);
                expected.put(key, Boolean.TRUE);
            }
            assertThat(set.size()).isEqualTo(expected.size());
        }
        for (long key : expected.keySet()) {
            assertThat(set.contains(key)).as("holds %d", key).isTrue();
        }
        // The order: adding fresh keys one by one forgets the rest oldest first.
        long fresh = Long.MIN_VALUE;
        for (long key : expected.keySet().toArray(Long[]::new)) {
            assertThat(set.contains(key)).as("%d still held before its turn", key).isTrue();
            while (set.contains(fresh) || expected.containsKey(fresh)) {
                fresh++;
            }
            set.add(fresh);
            expected.put(fresh, Boolean.TRUE);
            if (expected.size() == capacity && !expected.containsKey(key)) {
                assertThat(set.contains(key)).as("%d forgotten in its turn", key).isFalse();
            }
            fresh++;
        }
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new LongLruSet(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be at least 1: 0");
    }
}
