package io.hyperlocal.server.access;

import io.hyperlocal.server.database.WouldBlock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A map whose entries the change feed evicts. Reads are lock-free. A value loaded from the database
 * is stored only if no eviction happened since the load began: otherwise a revocation committed and
 * applied while the load was in flight could be overwritten by the stale value it read.
 */
final class FeedCache<K, V> {
    private final ConcurrentMap<K, V> entries = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Bumped under {@link #lock} by every eviction; read before a load starts. */
    private volatile long generation;

    Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The cached value, else the loaded one, cached unless an eviction raced the load. */
    Optional<V> getOrLoad(K key, Function<K, Optional<V>> loader) {
        V cached = entries.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        WouldBlock.check();
        long seen = generation;
        Optional<V> loaded = loader.apply(key);
        loaded.ifPresent(value -> putUnlessEvictedSince(key, value, seen));
        return loaded;
    }

    /** The generation to pass to {@link #putUnlessEvictedSince}, read before loading. */
    long generation() {
        return generation;
    }

    void putUnlessEvictedSince(K key, V value, long seen) {
        synchronized (lock) {
            if (generation == seen) {
                entries.put(key, value);
            }
        }
    }

    void evict(K key) {
        synchronized (lock) {
            generation++;
            entries.remove(key);
        }
    }

    void evictIf(BiPredicate<K, V> condition) {
        synchronized (lock) {
            generation++;
            entries.entrySet().removeIf(entry -> condition.test(entry.getKey(), entry.getValue()));
        }
    }

    void clear() {
        synchronized (lock) {
            generation++;
            entries.clear();
        }
    }

    int size() {
        return entries.size();
    }
}
