package io.hyperlocal.engines.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON this engine writes to and reads from an OpenAI-compatible server. */
final class OpenAiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {}

    /** The path under the base URL that serves {@code prompt}. */
    static String path(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Chat chat -> "/chat/completions";
            case Prompt.Text text -> "/completions";
        };
    }

    /**
     * The streaming request body. A chat with an assistant prefix ends with an assistant message
     * holding the prefix, plus vLLM's {@code continue_final_message: true} and
     * {@code add_generation_prompt: false} so the template leaves that turn open; llama-server and
     * Ollama continue a trailing assistant message by themselves and ignore the two fields. A text
     * prompt simply gets the prefix appended.
     */
    static String requestBody(GenerationRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", request.model());
        String prefix = request.assistantPrefix();
        switch (request.prompt()) {
            case Prompt.Chat chat -> {
                ArrayNode messages = body.putArray("messages");
                for (ChatMessage message : chat.messages()) {
                    messages.addObject().put("role", message.role()).put("content", message.content());
                }
                if (!prefix.isEmpty()) {
                    messages.addObject().put("role", "assistant").put("content", prefix);
                    body.put("continue_final_message", true);
                    body.put("add_generation_prompt", false);
                }
            }
            case Prompt.Text text -> body.put("prompt", text.text() + prefix);
        }
        SamplingParameters sampling = request.sampling();
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("temperature", sampling.temperature());
        body.put("top_p", sampling.topP());
        if (sampling.maxTokens() != SamplingParameters.UNLIMITED) {
            body.put("max_tokens", sampling.maxTokens());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            sampling.stop().forEach(stop::add);
        }
        sampling.seed().ifPresent(seed -> body.put("seed", seed));
        if (sampling.presencePenalty() != 0) {
            body.put("presence_penalty", sampling.presencePenalty());
        }
        if (sampling.frequencyPenalty() != 0) {
            body.put("frequency_penalty", sampling.frequencyPenalty());
        }
        return body.toString();
    }

    /**
     * The models of a {@code GET /models} answer: each {@code data[].id}, with vLLM's
     * {@code max_model_len} (or {@code context_length}, {@code n_ctx}) as context length when present,
     * else {@code defaultContext}.
     *
     * @throws IllegalArgumentException when the body is not a model list
     */
    static List<ModelInfo> models(String body, int defaultContext, String description) {
        JsonNode data = parse(body).orElseThrow(() -> new IllegalArgumentException("model list is not JSON"))
                .path("data");
        if (!data.isArray()) {
            throw new IllegalArgumentException("model list has no 'data' array");
        }
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : data) {
            String id = model.path("id").asText("");
            if (id.isBlank()) {
                continue;
            }
            int context = defaultContext;
            for (String field : List.of("max_model_len", "context_length", "n_ctx")) {
                if (model.path(field).canConvertToInt() && model.path(field).asInt() > 0) {
                    context = model.path(field).asInt();
                    break;
                }
            }
            models.add(new ModelInfo(id, context, false, description));
        }
        return List.copyOf(models);
    }

    /**
     * The human message of an error body: OpenAI's {@code error.message}, or the
     * {@code error} string, {@code message} or {@code detail} other servers use, or the body itself.
     */
    static String errorMessage(String body) {
        Optional<JsonNode> json = parse(body);
        if (json.isEmpty()) {
            return abbreviate(body.strip());
        }
        JsonNode root = json.get();
        for (JsonNode candidate : List.of(root.path("error").path("message"), root.path("error"),
                root.path("message"), root.path("detail"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return abbreviate(candidate.asText());
            }
        }
        return abbreviate(body.strip());
    }

    static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
