package io.hyperlocal.engines;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GenerationRequest;
import java.util.List;

/**
 * One inference server at a site. Implementations are thread-safe: the gateway calls
 * {@link #generate} from many threads at once.
 */
public interface InferenceEngine extends AutoCloseable {

    /** Stable id, unique within its site, for example {@code llama-cpp}. */
    String id();

    EngineKind kind();

    /** The models this engine serves now. */
    List<ModelInfo> models();

    /**
     * Starts a generation and returns at once. Events reach {@code listener} on an engine thread, in
     * order: zero or more {@link GenerationEvent.Token}, then exactly one terminal event
     * ({@link GenerationEvent.Completed} or {@link GenerationEvent.Failed}), also after
     * {@link Generation#cancel()}. The listener must not block.
     *
     * @throws io.hyperlocal.core.HyperlocalException with {@code MODEL_NOT_FOUND} for a model the engine
     *     lacks, {@code CONTEXT_LENGTH_EXCEEDED} for a prompt longer than the context, or
     *     {@code ENGINE_OVERLOADED} when its queue is full
     */
    Generation generate(GenerationRequest request, GenerationListener listener);

    /** Number of tokens {@code text} takes in {@code model}'s tokenizer. */
    int countTokens(String model, String text);

    EngineHealth health();

    EngineLoad load();

    /** Releases the engine's resources; generations still running are cancelled. */
    @Override
    void close();
}
