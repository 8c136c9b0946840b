package io.hyperlocal.core;

import java.util.Objects;

/**
 * One generation asked of an engine.
 *
 * @param requestId the gateway's request id, carried into engine logs
 * @param model the model id as the engine publishes it
 * @param prompt chat messages or raw text
 * @param sampling how to sample; {@code maxTokens} counts only the tokens still to generate
 * @param assistantPrefix text the answer already starts with, which the engine must continue rather
 *     than repeat: empty for a new generation, the text already streamed when the gateway moves a
 *     broken stream to another engine. For a chat, it is the beginning of the assistant's turn (after
 *     the template's generation prompt); for a text prompt, it is appended to the prompt.
 * @param delivery whether the caller reads the tokens as they come or only the whole text at the end
 */
public record GenerationRequest(
        String requestId, String model, Prompt prompt, SamplingParameters sampling, String assistantPrefix,
        Delivery delivery) {
    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(prompt, "prompt is null");
        Objects.requireNonNull(sampling, "sampling is null");
        Objects.requireNonNull(assistantPrefix, "assistantPrefix is null");
        Objects.requireNonNull(delivery, "delivery is null");
    }

    /** A streamed generation continuing after {@code assistantPrefix}. */
    public GenerationRequest(
            String requestId, String model, Prompt prompt, SamplingParameters sampling, String assistantPrefix) {
        this(requestId, model, prompt, sampling, assistantPrefix, Delivery.STREAMED);
    }

    /** A new streamed generation, with no prefix. */
    public GenerationRequest(String requestId, String model, Prompt prompt, SamplingParameters sampling) {
        this(requestId, model, prompt, sampling, "");
    }

    /** The same request, delivered as {@code newDelivery} says. */
    public GenerationRequest withDelivery(Delivery newDelivery) {
        return new GenerationRequest(requestId, model, prompt, sampling, assistantPrefix, newDelivery);
    }

    /** The same request continuing after {@code prefix}, with {@code remainingTokens} left to generate. */
    public GenerationRequest continuing(String prefix, int remainingTokens) {
        SamplingParameters remaining = sampling.maxTokens() == SamplingParameters.UNLIMITED
                ? sampling : sampling.withMaxTokens(remainingTokens);
        return new GenerationRequest(requestId, model, prompt, remaining, prefix, delivery);
    }
}
