package io.hyperlocal.engines;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders for generation requests in tests. */
public final class TestingRequests {
    private static final AtomicInteger IDS = new AtomicInteger();

    private TestingRequests() {}

    /** Greedy sampling with at most {@code maxTokens} tokens and the given stop sequences. */
    public static SamplingParameters greedy(int maxTokens, String... stop) {
        return new SamplingParameters(maxTokens, 0, 1, List.of(stop), OptionalLong.empty(), 0, 0);
    }

    public static SamplingParameters sampled(int maxTokens, double temperature, long seed) {
        return new SamplingParameters(maxTokens, temperature, 1, List.of(), OptionalLong.of(seed), 0, 0);
    }

    public static GenerationRequest text(String model, String prompt, SamplingParameters sampling) {
        return new GenerationRequest("test-" + IDS.incrementAndGet(), model, new Prompt.Text(prompt), sampling);
    }

    public static GenerationRequest chat(String model, List<ChatMessage> messages, SamplingParameters sampling) {
        return new GenerationRequest("test-" + IDS.incrementAndGet(), model, new Prompt.Chat(messages), sampling);
    }
}
