package io.hyperlocal.core;

import java.util.Objects;

/**
 * One generation asked of an engine.
 *
 * @param requestId the gateway's request id, carried into engine logs
 * @param model the model id as the engine publishes it
 * @param prompt chat messages or raw text
 * @param sampling how to sample
 */
public record GenerationRequest(String requestId, String model, Prompt prompt, SamplingParameters sampling) {
    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(prompt, "prompt is null");
        Objects.requireNonNull(sampling, "sampling is null");
    }
}
