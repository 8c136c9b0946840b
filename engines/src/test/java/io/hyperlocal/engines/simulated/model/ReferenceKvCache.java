package io.hyperlocal.engines.simulated.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KV cache as it was before it was made faster (2026-11-27), kept unchanged as the oracle that
 * {@link KvCache} must match figure for figure: sequences found by id in a map, free blocks in a
 * {@code LinkedHashSet}, every block's chained hash computed again at each walk. Only
 * {@link ReferenceBatchScheduler} uses it, in {@link BatchSchedulerMatchesReferenceTest}.
 */
final class ReferenceKvCache {
    static final int BLOCK_SIZE = KvCache.BLOCK_SIZE;

    private final Block[] blocks;
    // Blocks without references, in reuse order: the first is the next one overwritten.
    private final LinkedHashSet<Block> free = new LinkedHashSet<>();
    private final Map<Long, Block> cached = new HashMap<>();
    private final Map<Long, Held> sequences = new HashMap<>();
    private long queriedTokens;
    private long hitTokens;
    // The scheduler asks cachedPrefix and then admit for the same prompt: the second walk of the
    // hash chain (the simulator's hottest loop) is answered from this memo while the cached set is unchanged.
    private long cachedVersion;
    private int[] memoTokens;
    private int memoLength;
    private long memoNamespace;
    private long memoVersion = -1;
    private List<Block> memoHits = List.of();

    ReferenceKvCache(int totalBlocks) {
        if (totalBlocks < 1) {
            throw new IllegalArgumentException("totalBlocks must be at least 1: " + totalBlocks);
        }
        blocks = new Block[totalBlocks];
        for (int i = 0; i < totalBlocks; i++) {
            blocks[i] = new Block(i);
            free.add(blocks[i]);
        }
    }

    public int totalBlocks() {
        return blocks.length;
    }

    /** Blocks held by at least one sequence. */
    public int usedBlocks() {
        return blocks.length - free.size();
    }

    /** Blocks held by none, cached content or not. */
    public int freeBlocks() {
        return free.size();
    }

    /** Free blocks that still hold a cached prefix block. */
    public int cachedFreeBlocks() {
        return (int) free.stream().filter(block -> block.hashed).count();
    }

    /** Used blocks over all blocks, in [0, 1]. */
    public double usage() {
        return usedBlocks() / (double) blocks.length;
    }

    /** Prompt tokens looked up on admission, in total. */
    public long queriedTokens() {
        return queriedTokens;
    }

    /** Prompt tokens found cached on admission, in total. */
    public long hitTokens() {
        return hitTokens;
    }

    /** Blocks {@code sequence} holds; 0 for a sequence the cache does not hold. */
    public int blocksOf(long sequence) {
        Held held = sequences.get(sequence);
        return held == null ? 0 : held.blocks.size();
    }

    public boolean holds(long sequence) {
        return sequences.containsKey(sequence);
    }

    /**
     * Tokens at the start of {@code tokens[0, length)} that full cached blocks already hold, at most
     * {@code length - 1}: vLLM always computes the last prompt token, to sample from it. No side effect.
     */
    public int cachedPrefix(long namespace, int[] tokens, int length) {
        return cachedBlocks(namespace, tokens, length).size() * BLOCK_SIZE;
    }

    /**
     * Starts holding {@code sequence}: takes the cached blocks of its longest cached prefix (see
     * {@link #cachedPrefix}) and new blocks for the next {@code newTokens} tokens, and counts the
     * lookup as {@code length} queried tokens. Does nothing and returns false when that would leave
     * fewer than {@code reserve} blocks free.
     *
     * @return whether the sequence is now held
     */
    public boolean admit(long sequence, long namespace, int[] tokens, int length, int newTokens, int reserve) {
        Objects.requireNonNull(tokens, "tokens is null");
        if (sequences.containsKey(sequence)) {
            throw new IllegalStateException("sequence " + sequence + " is already held");
        }
        if (length < 1 || length > tokens.length) {
            throw new IllegalArgumentException("length must be in [1, " + tokens.length + "]: " + length);
        }
        List<Block> hits = cachedBlocks(namespace, tokens, length);
        int hit = hits.size() * BLOCK_SIZE;
        if (newTokens < 1 || hit + newTokens > length) {
            throw new IllegalArgumentException("newTokens must be in [1, " + (length - hit) + "]: " + newTokens);
        }
        int needed = blocksFor(hit + newTokens) - hits.size();
        int hitsFree = (int) hits.stream().filter(block -> block.references == 0).count();
        if (free.size() - hitsFree - needed < reserve) {
            return false;
        }
        Held held = new Held(namespace);
        for (Block block : hits) {
            reference(block);
            held.blocks.add(block);
            held.hashedBlocks++;
            held.lastHash = block.hash;
        }
        for (int i = 0; i < needed; i++) {
            held.blocks.add(takeFree());
        }
        sequences.put(sequence, held);
        queriedTokens += length;
        hitTokens += hit;
        return true;
    }

    /**
     * Gives {@code sequence} the blocks for {@code tokens} tokens in all. Does nothing and returns false
     * when there are not enough free blocks.
     */
    public boolean grow(long sequence, int tokens) {
        Held held = held(sequence);
        int needed = blocksFor(tokens) - held.blocks.size();
        if (needed > free.size()) {
            return false;
        }
        for (int i = 0; i < needed; i++) {
            held.blocks.add(takeFree());
        }
        return true;
    }

    /**
     * Records that the KV of {@code tokens[0, computed)} is now in {@code sequence}'s blocks: each block
     * that became full gets its chained hash and joins the cache (unless an equal block already has).
     */
    public void commit(long sequence, int[] tokens, int computed) {
        Held held = held(sequence);
        int full = computed / BLOCK_SIZE;
        if (full > held.blocks.size()) {
            throw new IllegalStateException("sequence " + sequence + " computed " + computed + " tokens in "
                    + held.blocks.size() + " blocks");
        }
        for (int index = held.hashedBlocks; index < full; index++) {
            long hash = chain(held.hashedBlocks == 0 ? held.namespace : held.lastHash, tokens, index * BLOCK_SIZE);
            Block block = held.blocks.get(index);
            if (!cached.containsKey(hash)) {
                block.hash = hash;
                block.hashed = true;
                cached.put(hash, block);
                cachedVersion++;
            }
            held.lastHash = hash;
            held.hashedBlocks++;
        }
    }

    /** Stops holding {@code sequence}; its blocks lose a reference, tail first. No effect if not held. */
    public void free(long sequence) {
        Held held = sequences.remove(sequence);
        if (held == null) {
            return;
        }
        for (int i = held.blocks.size() - 1; i >= 0; i--) {
            Block block = held.blocks.get(i);
            block.references--;
            if (block.references < 0) {
                throw new IllegalStateException("block " + block.id + " has a negative reference count");
            }
            if (block.references == 0) {
                free.add(block);
            }
        }
    }

    /** Reference count of every block, for invariant checks. */
    int[] referenceCounts() {
        int[] counts = new int[blocks.length];
        for (Block block : blocks) {
            counts[block.id] = block.references;
        }
        return counts;
    }

    static int blocksFor(int tokens) {
        return (tokens + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /** The chained hash of the block at {@code tokens[from, from + BLOCK_SIZE)} after {@code parent}. */
    static long chain(long parent, int[] tokens, int from) {
        long hash = mix(parent ^ 0x632BE59BD9B4E019L);
        for (int i = from; i < from + BLOCK_SIZE; i++) {
            hash = mix(hash ^ (tokens[i] & 0xFFFFFFFFL));
        }
        return hash;
    }

    /** SplitMix64's finaliser: a fast, well-spread 64-bit mix. */
    static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private List<Block> cachedBlocks(long namespace, int[] tokens, int length) {
        if (tokens == memoTokens && length == memoLength && namespace == memoNamespace && cachedVersion == memoVersion) {
            return memoHits;
        }
        List<Block> hits = new ArrayList<>();
        int maxBlocks = (length - 1) / BLOCK_SIZE;
        long parent = namespace;
        for (int index = 0; index < maxBlocks; index++) {
            long hash = chain(parent, tokens, index * BLOCK_SIZE);
            Block block = cached.get(hash);
            if (block == null) {
                break;
            }
            hits.add(block);
            parent = hash;
        }
        memoTokens = tokens;
        memoLength = length;
        memoNamespace = namespace;
        memoVersion = cachedVersion;
        memoHits = hits;
        return hits;
    }

    private Block takeFree() {
        Iterator<Block> first = free.iterator();
        Block block = first.next();
        first.remove();
        if (block.hashed) {
            // Overwriting the block evicts the cached prefix block it held.
            cached.remove(block.hash, block);
            cachedVersion++;
            block.hashed = false;
        }
        block.references = 1;
        return block;
    }

    private void reference(Block block) {
        if (block.references == 0) {
            free.remove(block);
        }
        block.references++;
    }

    private Held held(long sequence) {
        Held held = sequences.get(sequence);
        if (held == null) {
            throw new IllegalStateException("sequence " + sequence + " is not held by the KV cache");
        }
        return held;
    }

    private static final class Block {
        final int id;
        int references;
        long hash;
        boolean hashed;

        Block(int id) {
            this.id = id;
        }
    }

    private static final class Held {
        final long namespace;
        final List<Block> blocks = new ArrayList<>();
        int hashedBlocks;
        long lastHash;

        Held(long namespace) {
            this.namespace = namespace;
        }
    }
}
