package io.hyperlocal.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The race the cache guards against: a revocation applied while a stale load is in flight. */
class FeedCacheTest {

    @Test
    void aValueLoadedBeforeAnEvictionIsNotCachedAfterIt() {
        FeedCache<String, String> cache = new FeedCache<>();
        Optional<String> loaded = cache.getOrLoad("key", key -> {
            // The feed applies a change while the database answer (read before the change) is on its way.
            cache.evict("key");
            return Optional.of("stale");
        });
        assertThat(loaded).hasValue("stale");
        assertThat(cache.get("key")).isEmpty();
        // Without a concurrent eviction the loaded value is cached, and the loader is not called again.
        assertThat(cache.getOrLoad("key", key -> Optional.of("fresh"))).hasValue("fresh");
        assertThat(cache.getOrLoad("key", key -> {
            throw new AssertionError("a cached value must not be loaded again");
        })).hasValue("fresh");
    }

    @Test
    void evictionsAndClearsForgetEntries() {
        FeedCache<String, Integer> cache = new FeedCache<>();
        cache.getOrLoad("a", key -> Optional.of(1));
        cache.getOrLoad("b", key -> Optional.of(2));
        cache.getOrLoad("missing", key -> Optional.empty());
        assertThat(cache.size()).isEqualTo(2);
        cache.evictIf((key, value) -> value == 1);
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).hasValue(2);
        cache.clear();
        assertThat(cache.size()).isZero();
    }
}
