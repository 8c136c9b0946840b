package io.hyperlocal.core.collect;

/**
 * A map from {@code long} keys to {@code int} values of 0 or more, on two flat arrays: open
 * addressing with linear probing, where a removal shifts the entries after it back instead of
 * leaving a tombstone, so lookups stay short however many keys come and go. What a
 * {@code HashMap<Long, Integer>} does without a boxed key and a node per entry: a lookup reads one
 * position of each array (the map read a table slot, a node and a {@code Long}, each a likely cache
 * miss in a table of tens of thousands of entries). The table doubles when it would pass half full.
 * Not thread-safe.
 */
public final class LongIntTable {
    /** What {@link #get} and {@link #putIfAbsent} return for a key the table does not hold. */
    public static final int ABSENT = -1;

    private long[] keys;
    // The value plus one; 0 marks an empty position.
    private int[] values;
    private int mask;
    private int shift;
    private int size;

    /** A table that holds {@code expected} entries before it first grows. */
    public LongIntTable(int expected) {
        if (expected < 0 || expected > 1 << 29) {
            throw new IllegalArgumentException("expected must be in [0, 2^29]: " + expected);
        }
        allocate(Math.max(4, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1));
    }

    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@link #ABSENT}. */
    public int get(long key) {
        for (int position = home(key); ; position = (position + 1) & mask) {
            int value = values[position];
            if (value == 0) {
                return ABSENT;
            }
            if (keys[position] == key) {
                return value - 1;
            }
        }
    }

    /**
     * Maps {@code key} to {@code value} unless it is mapped already.
     *
     * @return the value the key already had, or {@link #ABSENT} when this call added it
     */
    public int putIfAbsent(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("value must be 0 or more: " + value);
        }
        int position = home(key);
        for (; values[position] != 0; position = (position + 1) & mask) {
            if (keys[position] == key) {
                return values[position] - 1;
            }
        }
        if ((size + 1) * 2 > values.length) {
            grow();
            putIfAbsent(key, value);
            return ABSENT;
        }
        keys[position] = key;
        values[position] = value + 1;
        size++;
        return ABSENT;
    }

    /** Removes {@code key} if it maps to {@code value}; returns whether it did. */
    public boolean remove(long key, int value) {
        int hole = home(key);
        for (; ; hole = (hole + 1) & mask) {
            if (values[hole] == 0) {
                return false;
            }
            if (keys[hole] == key) {
                break;
            }
        }
        if (values[hole] - 1 != value) {
            return false;
        }
        // Shift back every later entry of the run that the hole would cut off from its home.
        for (int position = (hole + 1) & mask; values[position] != 0; position = (position + 1) & mask) {
            int home = home(keys[position]);
            boolean reachable = hole <= position ? home > hole && home <= position : home > hole || home <= position;
            if (!reachable) {
                keys[hole] = keys[position];
                values[hole] = values[position];
                hole = position;
            }
        }
        values[hole] = 0;
        size--;
        return true;
    }

    private int home(long key) {
        // Fibonacci hashing: the multiply spreads any keys, clustered or not, over the top bits.
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void allocate(int positions) {
        keys = new long[positions];
        values = new int[positions];
        mask = positions - 1;
        shift = 64 - Integer.numberOfTrailingZeros(positions);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(values.length * 2);
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != 0) {
                putIfAbsent(oldKeys[i], oldValues[i] - 1);
            }
        }
    }
}
