package io.hyperlocal.core.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link LongIntTable} answers as a {@code HashMap<Long, Integer>} does, after any sequence of puts,
 * lookups and removals. Up to 400 keys are held at a time, so the table, grown from a small start,
 * runs a quarter to half full: runs of probes are long, cross the end of the table and are cut by
 * removals (planted bugs in the backward shift fail this test).
 */
class LongIntTablePropertiesTest {

    @Property(tries = 300)
    void answersAsAHashMap(@ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int expected,
            @ForAll @IntRange(min = 1, max = 3) int keyShape) {
        SplittableRandom random = new SplittableRandom(seed);
        LongIntTable table = new LongIntTable(expected);
        Map<Long, Integer> map = new HashMap<>();
        List<Long> held = new ArrayList<>();
        int target = 1 + random.nextInt(400);
        for (int operation = 0; operation < 4_000; operation++) {
            long key = switch (keyShape) {
                case 1 -> random.nextInt(2 * target);
                case 2 -> (long) random.nextInt(2 * target) << 40; // differing only in high bits
                default -> random.nextLong();
            };
            int choice = random.nextInt(4);
            if (choice == 0 && !held.isEmpty()) {
                // Remove a held key, with its value or (a no-op) another.
                long victim = held.get(random.nextInt(held.size()));
                int value = random.nextBoolean() ? map.get(victim) : map.get(victim) + 1;
                boolean removed = table.remove(victim, value);
                assertThat(removed).isEqualTo(map.remove(victim, value));
                if (removed) {
                    held.remove(victim);
                }
            } else if (choice == 1) {
                assertThat(table.remove(key, 7)).isEqualTo(map.remove(key, 7));
                held.remove(key);
            } else if (choice == 2 || map.size() < target) {
                int value = random.nextInt(1_000);
                Integer before = map.putIfAbsent(key, value);
                assertThat(table.putIfAbsent(key, value)).isEqualTo(before == null ? LongIntTable.ABSENT : before);
                if (before == null) {
                    held.add(key);
                }
            }
            assertThat(table.get(key)).isEqualTo(map.getOrDefault(key, LongIntTable.ABSENT));
            assertThat(table.size()).isEqualTo(map.size());
        }
        for (Map.Entry<Long, Integer> entry : map.entrySet()) {
            assertThat(table.get(entry.getKey())).as("key %d", entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void refusesANegativeValueOrSize() {
        assertThatThrownBy(() -> new LongIntTable(4).putIfAbsent(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value must be 0 or more: -1");
        assertThatThrownBy(() -> new LongIntTable(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected must be in [0, 2^29]: -1");
    }
}
