package io.hyperlocal.engines.simulated.model;

import io.hyperlocal.core.collect.LongIntTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A paged KV cache with automatic prefix caching, after vLLM V1's block pool. A fixed number of
 * blocks of {@link #BLOCK_SIZE} tokens; a sequence holds the blocks its computed tokens fill. A block
 * that fills up is identified by a chained hash, {@code hash(parent block's hash, its 16 token ids)},
 * rooted at the sequence's namespace, so equal hashes mean equal prefixes. When a sequence ends its
 * blocks drop a reference; blocks without references are free but keep their content, and a later
 * sequence whose prompt starts with the same full blocks takes them back (a hit) instead of computing
 * them. Free blocks are reused least recently freed first; a sequence's blocks are freed tail first,
 * as vLLM does, so its shared prefix outlives its private tail.
 *
 * <p>A sequence reaches the cache through its {@link Hold}, made once by {@link #hold} and used from
 * admission to release (and again after a preemption). The hold keeps the sequence's blocks, the
 * chained hashes of its tokens, each computed once, and while it waits the cached prefix found last
 * time: the federation simulator calls this cache for every running sequence at every step, tens of
 * millions of times in a simulated day, so the per-step path has no map lookup by sequence, no
 * hashing of tokens already hashed and no walk again over a waiting prompt's blocks already found.
 *
 * <p>Usage is blocks with at least one reference over all blocks, as {@code vllm:kv_cache_usage_perc}.
 * Queries and hits count tokens, as {@code vllm:prefix_cache_queries} and {@code vllm:prefix_cache_hits}.
 */
public final class KvCache {
    /** Tokens per block, vLLM's default {@code block_size}. */
    public static final int BLOCK_SIZE = 16;

    private final Block[] blocks;
    // Blocks without references, in reuse order, linked through the blocks themselves: the head is the
    // next one overwritten. A block is in this list exactly when it has no reference.
    private Block freeHead;
    private Block freeTail;
    private int freeCount;
    // Chained hash -> id of the block holding that prefix block.
    private final LongIntTable cached;
    private long queriedTokens;
    private long hitTokens;
    // Cached blocks overwritten so far: a hold's remembered hits are all still cached while this is
    // unchanged (see cachedBlocks).
    private long evictions;

    public KvCache(int totalBlocks) {
        if (totalBlocks < 1) {
            throw new IllegalArgumentException("totalBlocks must be at least 1: " + totalBlocks);
        }
        blocks = new Block[totalBlocks];
        cached = new LongIntTable(totalBlocks);
        for (int i = 0; i < totalBlocks; i++) {
            blocks[i] = new Block(i);
            appendFree(blocks[i]);
        }
    }

    /**
     * A hold for a sequence of {@code tokens} (prompt, then the tokens it will generate) under
     * {@code namespace}; it holds no block until {@link #admit}. The array is read, never written, and
     * must not change while the hold is used.
     */
    public Hold hold(long namespace, int[] tokens) {
        return new Hold(this, namespace, Objects.requireNonNull(tokens, "tokens is null"));
    }

    public int totalBlocks() {
        return blocks.length;
    }

    /** Blocks held by at least one sequence. */
    public int usedBlocks() {
        return blocks.length - freeCount;
    }

    /** Blocks held by none, cached content or not. */
    public int freeBlocks() {
        return freeCount;
    }

    /** Free blocks that still hold a cached prefix block. */
    public int cachedFreeBlocks() {
        int count = 0;
        for (Block block = freeHead; block != null; block = block.nextFree) {
            if (block.hashed) {
                count++;
            }
        }
        return count;
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

    /**
     * Tokens at the start of the hold's {@code tokens[0, length)} that full cached blocks already hold,
     * at most {@code length - 1}: vLLM always computes the last prompt token, to sample from it. No
     * side effect.
     */
    public int cachedPrefix(Hold hold, int length) {
        owned(hold);
        checkLength(hold, length);
        return cachedBlocks(hold, length).size() * BLOCK_SIZE;
    }

    /**
     * Starts holding the hold's sequence: takes the cached blocks of its longest cached prefix (see
     * {@link #cachedPrefix}) and new blocks for the next {@code newTokens} tokens, and counts the
     * lookup as {@code length} queried tokens. Does nothing and returns false when that would leave
     * fewer than {@code reserve} blocks free.
     *
     * @return whether the sequence is now held
     * @throws IllegalStateException when the hold already holds blocks
     */
    public boolean admit(Hold hold, int length, int newTokens, int reserve) {
        owned(hold);
        if (hold.held) {
            throw new IllegalStateException("the sequence is already held");
        }
        checkLength(hold, length);
        List<Block> hits = cachedBlocks(hold, length);
        int hitBlocks = hits.size();
        int hit = hitBlocks * BLOCK_SIZE;
        if (newTokens < 1 || hit + newTokens > length) {
            throw new IllegalArgumentException("newTokens must be in [1, " + (length - hit) + "]: " + newTokens);
        }
        int needed = blocksFor(hit + newTokens) - hitBlocks;
        int hitsFree = 0;
        for (int i = 0; i < hitBlocks; i++) {
            if (hits.get(i).references == 0) {
                hitsFree++;
            }
        }
        if (freeCount - hitsFree - needed < reserve) {
            return false;
        }
        // Referencing the hits leaves the cached set as it is, so the list stays right until the
        // first takeFree below, which may evict.
        for (int i = 0; i < hitBlocks; i++) {
            Block block = hits.get(i);
            reference(block);
            hold.blocks.add(block);
        }
        hits.clear();
        hold.hashedBlocks = hitBlocks;
        for (int i = 0; i < needed; i++) {
            hold.blocks.add(takeFree());
        }
        hold.held = true;
        queriedTokens += length;
        hitTokens += hit;
        return true;
    }

    /**
     * Gives the hold's sequence the blocks for {@code tokens} tokens in all. Does nothing and returns
     * false when there are not enough free blocks.
     */
    public boolean grow(Hold hold, int tokens) {
        held(hold);
        int needed = blocksFor(tokens) - hold.blocks.size();
        if (needed > freeCount) {
            return false;
        }
        for (int i = 0; i < needed; i++) {
            hold.blocks.add(takeFree());
        }
        return true;
    }

    /**
     * Records that the KV of the hold's {@code tokens[0, computed)} is now in its blocks: each block
     * that became full gets its chained hash and joins the cache (unless an equal block already has).
     */
    public void commit(Hold hold, int computed) {
        held(hold);
        int full = computed / BLOCK_SIZE;
        if (full > hold.blocks.size()) {
            throw new IllegalStateException("the sequence computed " + computed + " tokens in "
                    + hold.blocks.size() + " blocks");
        }
        for (int index = hold.hashedBlocks; index < full; index++) {
            long hash = hold.hash(index);
            Block block = hold.blocks.get(index);
            if (cached.putIfAbsent(hash, block.id) == LongIntTable.ABSENT) {
                block.hash = hash;
                block.hashed = true;
            }
        }
        hold.hashedBlocks = Math.max(hold.hashedBlocks, full);
    }

    /**
     * Stops holding the hold's sequence; its blocks lose a reference, tail first. No effect when it
     * holds nothing. The hold can be admitted again afterwards.
     */
    public void free(Hold hold) {
        owned(hold);
        if (!hold.held) {
            return;
        }
        List<Block> held = hold.blocks;
        for (int i = held.size() - 1; i >= 0; i--) {
            Block block = held.get(i);
            block.references--;
            if (block.references < 0) {
                throw new IllegalStateException("block " + block.id + " has a negative reference count");
            }
            if (block.references == 0) {
                appendFree(block);
            }
        }
        held.clear();
        hold.hashedBlocks = 0;
        hold.held = false;
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

    /**
     * The cached blocks of the hold's longest cached prefix within {@code length} tokens (at most
     * {@code length - 1}), in order: the hold's own list, updated in place.
     *
     * <p>A waiting sequence is asked about at every step until it is admitted, and a long
     * conversation's prompt is hundreds of blocks. So the hold remembers its hits from the last time
     * and only walks on from there: a block stays cached until overwritten, and a remembered block
     * {@code i} that still carries the hash of the prompt's block {@code i} is exactly what the map
     * would return for it (a block is hashed if and only if the map holds it under its hash). When
     * no cached block was overwritten since, every remembered hit still stands without a look.
     */
    private List<Block> cachedBlocks(Hold hold, int length) {
        List<Block> hits = hold.hits;
        if (hold.checkedAtEvictions != evictions) {
            int valid = 0;
            while (valid < hits.size() && hits.get(valid).hashed && hits.get(valid).hash == hold.hash(valid)) {
                valid++;
            }
            hits.subList(valid, hits.size()).clear();
            hold.checkedAtEvictions = evictions;
        }
        int maxBlocks = (length - 1) / BLOCK_SIZE;
        if (hits.size() > maxBlocks) {
            hits.subList(maxBlocks, hits.size()).clear();
        }
        for (int index = hits.size(); index < maxBlocks; index++) {
            int block = cached.get(hold.hash(index));
            if (block == LongIntTable.ABSENT) {
                break;
            }
            hits.add(blocks[block]);
        }
        return hits;
    }

    private Block takeFree() {
        Block block = freeHead;
        unlinkFree(block);
        if (block.hashed) {
            // Overwriting the block evicts the cached prefix block it held.
            cached.remove(block.hash, block.id);
            evictions++;
            block.hashed = false;
        }
        block.references = 1;
        return block;
    }

    private void reference(Block block) {
        if (block.references == 0) {
            unlinkFree(block);
        }
        block.references++;
    }

    private void appendFree(Block block) {
        block.previousFree = freeTail;
        block.nextFree = null;
        if (freeTail == null) {
            freeHead = block;
        } else {
            freeTail.nextFree = block;
        }
        freeTail = block;
        freeCount++;
    }

    private void unlinkFree(Block block) {
        if (block.previousFree == null) {
            freeHead = block.nextFree;
        } else {
            block.previousFree.nextFree = block.nextFree;
        }
        if (block.nextFree == null) {
            freeTail = block.previousFree;
        } else {
            block.nextFree.previousFree = block.previousFree;
        }
        block.previousFree = null;
        block.nextFree = null;
        freeCount--;
    }

    private void owned(Hold hold) {
        if (Objects.requireNonNull(hold, "hold is null").cache != this) {
            throw new IllegalArgumentException("the hold belongs to another KV cache");
        }
    }

    private void held(Hold hold) {
        owned(hold);
        if (!hold.held) {
            throw new IllegalStateException("the sequence is not held by the KV cache");
        }
    }

    private static void checkLength(Hold hold, int length) {
        if (length < 1 || length > hold.tokens.length) {
            throw new IllegalArgumentException("length must be in [1, " + hold.tokens.length + "]: " + length);
        }
    }

    /**
     * One sequence's way into the cache: the blocks it holds, in token order, and the chained hashes
     * of its full blocks, computed the first time each is asked for. Made by {@link KvCache#hold}.
     */
    public static final class Hold {
        private static final long[] NO_HASHES = {};

        private final KvCache cache;
        private final long namespace;
        private final int[] tokens;
        private final List<Block> blocks = new ArrayList<>();
        // While waiting: the cached blocks of its prompt's prefix found last time (see cachedBlocks).
        private final List<Block> hits = new ArrayList<>();
        private long checkedAtEvictions;
        // hashes[0, hashesComputed) are the chained hashes of the first full blocks of tokens.
        private long[] hashes = NO_HASHES;
        private int hashesComputed;
        // Leading blocks held whose content is committed (and offered to the cache under its hash).
        private int hashedBlocks;
        private boolean held;

        private Hold(KvCache cache, long namespace, int[] tokens) {
            this.cache = cache;
            this.namespace = namespace;
            this.tokens = tokens;
        }

        /** Whether the sequence holds blocks now (admitted and not freed since). */
        public boolean isHeld() {
            return held;
        }

        /** Blocks the sequence holds now; 0 when it is not held. */
        public int blocks() {
            return blocks.size();
        }

        /** The chained hash of full block {@code index}: the same for the same namespace and tokens up to its end. */
        long hash(int index) {
            if (index >= hashesComputed) {
                if (hashes.length == 0) {
                    // Once, for every full block the tokens hold: at most a few kilobytes a sequence.
                    hashes = new long[tokens.length / BLOCK_SIZE];
                }
                for (int next = hashesComputed; next <= index; next++) {
                    hashes[next] = chain(next == 0 ? namespace : hashes[next - 1], tokens, next * BLOCK_SIZE);
                }
                hashesComputed = index + 1;
            }
            return hashes[index];
        }
    }

    private static final class Block {
        final int id;
        int references;
        long hash;
        boolean hashed;
        Block previousFree;
        Block nextFree;

        Block(int id) {
            this.id = id;
        }
    }
}
