package io.hyperlocal.engines.llama;

import de.kherud.llama.LlamaModel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine's share of a model loaded by {@link LlamaModelPool}: its slots and settings. Closing it
 * (idempotent) gives the slots back; closing the last lease of a model closes the model.
 */
public final class LlamaModelLease implements AutoCloseable {
    private final LlamaModelPool pool;
    private final SharedLlamaModel shared;
    private final LlamaCppSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    LlamaModelLease(LlamaModelPool pool, SharedLlamaModel shared, LlamaCppSettings settings) {
        this.pool = pool;
        this.shared = shared;
        this.settings = settings;
    }

    /** The GGUF file, absolute. */
    public Path path() {
        return shared.path;
    }

    public GgufMetadata metadata() {
        return shared.metadata;
    }

    /** This engine's settings; threads are the ones of the lease that loaded the model. */
    public LlamaCppSettings settings() {
        return settings;
    }

    public boolean isClosed() {
        return closed.get();
    }

    LlamaModel model() {
        return shared.model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(shared, settings.slots());
        }
    }
}
