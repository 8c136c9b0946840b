package io.hyperlocal.server.gateway;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted engine for gateway tests: it streams the given words, then either completes or fails
 * with {@code ENGINE_FAILED}, as a site that dies mid-stream would. It records the requests it got.
 */
final class TestingEngine implements InferenceEngine {
    private final String id;
    private final String model;
    private final List<String> words;
    private final boolean failAfterWords;
    private final int running;
    final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();

    TestingEngine(String id, String model, List<String> words, boolean failAfterWords, int running) {
        this.id = id;
        this.model = model;
        this.words = words;
        this.failAfterWords = failAfterWords;
        this.running = running;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SIMULATED;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(model, 4096, true, "testing engine"));
    }

    @Override
    public Generation generate(GenerationRequest request, GenerationListener listener) {
        requests.add(request);
        Thread thread = new Thread(() -> {
            int tokens = 0;
            for (String word : words) {
                sleep();
                listener.onEvent(new GenerationEvent.Token(word, 1));
                tokens++;
            }
            TokenUsage usage = new TokenUsage(7, tokens);
            if (failAfterWords) {
                listener.onEvent(new GenerationEvent.Failed(
                        new HyperlocalException(ErrorCode.ENGINE_FAILED, id + " lost its GPU"), usage));
            } else {
                listener.onEvent(new GenerationEvent.Completed(FinishReason.STOP, usage));
            }
        }, "testing-engine-" + id);
        thread.start();
        return () -> { };
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int countTokens(String model, String text) {
        return text.split("\\s+").length;
    }

    @Override
    public EngineHealth health() {
        return EngineHealth.READY;
    }

    @Override
    public EngineLoad load() {
        return new EngineLoad(running, 0, 4, 0, 0);
    }

    @Override
    public void close() {}
}
