package io.hyperlocal.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An approximate view of which prompt blocks each engine holds in its prefix cache, fed by routing
 * decisions rather than by the engines (llm-d's approximate prefix index): a block is assumed cached
 * on the engine a request carrying it was routed to. Each engine's set is bounded and forgets the
 * least recently routed blocks first, as the engine's own LRU would.
 *
 * <p>Thread-safe: one lock per engine, so decisions for different engines do not contend.
 */
final class PrefixCacheIndex {
    private final int capacityPerEngine;
    private final Map<EngineKey, EngineBlocks> engines = new ConcurrentHashMap<>();

    PrefixCacheIndex(int capacityPerEngine) {
        if (capacityPerEngine < 1) {
            throw new IllegalArgumentException("capacityPerEngine must be at least 1: " + capacityPerEngine);
        }
        this.capacityPerEngine = capacityPerEngine;
    }

    /** Leading blocks of {@code prompt} the engine holds: the chain walk stops at the first miss. */
    int matchedBlocks(EngineKey engine, PromptBlocks prompt) {
        EngineBlocks blocks = engines.get(engine);
        return blocks == null || prompt.size() == 0 ? 0 : blocks.leadingMatches(prompt);
    }

    /** Records that {@code prompt}'s blocks are now cached on {@code engine}, as the most recent. */
    void record(EngineKey engine, PromptBlocks prompt) {
        if (prompt.size() > 0) {
            engines.computeIfAbsent(engine, key -> new EngineBlocks(capacityPerEngine)).addAll(prompt);
        }
    }

    /** Forgets an engine that left the federation. */
    void forget(EngineKey engine) {
        engines.remove(engine);
    }

    int size(EngineKey engine) {
        EngineBlocks blocks = engines.get(engine);
        return blocks == null ? 0 : blocks.size();
    }

    private static final class EngineBlocks {
        // Only routing a request to the engine makes its blocks recent (addAll), as only that warms
        // its cache; lookups (contains) leave the order as it is.
        private final LongLruSet lru;

        EngineBlocks(int capacity) {
            this.lru = new LongLruSet(capacity);
        }

        synchronized int leadingMatches(PromptBlocks prompt) {
            int matched = 0;
            while (matched < prompt.size() && lru.contains(prompt.hash(matched))) {
                matched++;
            }
            return matched;
        }

        synchronized void addAll(PromptBlocks prompt) {
            for (int block = 0; block < prompt.size(); block++) {
                lru.add(prompt.hash(block));
            }
        }

        synchronized int size() {
            return lru.size();
        }
    }
}
