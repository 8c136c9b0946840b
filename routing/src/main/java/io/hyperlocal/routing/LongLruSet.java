package io.hyperlocal.routing;

import io.hyperlocal.core.collect.LongIntTable;
import java.util.Arrays;

/**
 * A set of {@code long} keys holding at most {@code capacity}: adding a key makes it the most recent,
 * and adding past the capacity forgets the least recent. {@link #contains} does not count as a use.
 * What a {@code LinkedHashMap<Long, Boolean>} in access order with {@code removeEldestEntry} does, on
 * flat arrays: no boxed key, no node per entry, so the prefix index's checks and updates (a few dozen
 * per routing decision, and per engine tens of thousands of entries) touch a few cache lines. The
 * federation simulator routes millions of requests through it.
 *
 * <p>Entries live in slots; the slots are linked from the least to the most recent, and a
 * {@link LongIntTable} finds a key's slot. Not thread-safe.
 */
final class LongLruSet {
    private static final int NONE = -1;
    private static final int INITIAL_SLOTS = 16;

    private final int capacity;
    private long[] keys = new long[0];
    private int[] older = new int[0];
    private int[] newer = new int[0];
    // Key -> its slot.
    private final LongIntTable slots = new LongIntTable(16);
    private int size;
    private int oldest = NONE;
    private int newest = NONE;

    LongLruSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        return slots.get(key) != LongIntTable.ABSENT;
    }

    /** Adds {@code key} as the most recent (moving it there if present), forgetting the least recent past the capacity. */
    void add(long key) {
        int slot = slots.get(key);
        if (slot != LongIntTable.ABSENT) {
            if (slot != newest) {
                unlink(slot);
                linkNewest(slot);
            }
            return;
        }
        if (size == capacity) {
            slot = oldest;
            unlink(slot);
            slots.remove(keys[slot], slot);
        } else {
            if (size == keys.length) {
                grow();
            }
            slot = size++;
        }
        keys[slot] = key;
        slots.putIfAbsent(key, slot);
        linkNewest(slot);
    }

    private void grow() {
        int length = Math.min(capacity, Math.max(INITIAL_SLOTS, keys.length * 2));
        keys = Arrays.copyOf(keys, length);
        older = Arrays.copyOf(older, length);
        newer = Arrays.copyOf(newer, length);
    }

    private void unlink(int slot) {
        int before = older[slot];
        int after = newer[slot];
        if (before == NONE) {
            oldest = after;
        } else {
            newer[before] = after;
        }
        if (after == NONE) {
            newest = before;
        } else {
            older[after] = before;
        }
    }

    private void linkNewest(int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            oldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
    }
}
