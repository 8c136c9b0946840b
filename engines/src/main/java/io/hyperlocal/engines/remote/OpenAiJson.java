package io.hyperlocal.engines.remote;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Delivery;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.ModelInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON this engine writes to and reads from an OpenAI-compatible server. */
final class OpenAiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {}

    /** The path under the base URL that serves {@code prompt}. */
    static final String CHAT_PATH = "/chat/completions";
    static final String TEXT_PATH = "/completions";


    /**
     * The request body: streamed with usage, or, for a caller that takes the answer
     * {@linkplain Delivery#WHOLE whole}, one JSON answer (which carries its usage anyway). A chat with an assistant prefix ends with an assistant message
     * holding the prefix, plus vLLM's {@code continue_final_message: true} and
     * {@code add_generation_prompt: false} so the template leaves that turn open; llama-server and
     * Ollama continue a trailing assistant message by themselves and ignore the two fields. A text
     * prompt simply gets the prefix appended.
     */
    static byte[] requestBody(GenerationRequest request) {
        // Written by the streaming generator, not built as a tree and serialised: for the small bodies of
        // a gateway's requests the tree and the mapper's per-call set-up cost three times the writing.
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator body = MAPPER.getFactory().createGenerator(bytes)) {
            body.writeStartObject();
            body.writeStringField("model", request.model());
            String prefix = request.assistantPrefix();
            switch (request.prompt()) {
                case Prompt.Chat chat -> {
                    body.writeArrayFieldStart("messages");
                    for (ChatMessage message : chat.messages()) {
                        message(body, message.role(), message.content());
                    }
                    if (!prefix.isEmpty()) {
                        message(body, "assistant", prefix);
                    }
                    body.writeEndArray();
                    if (!prefix.isEmpty()) {
                        body.writeBooleanField("continue_final_message", true);
                        body.writeBooleanField("add_generation_prompt", false);
                    }
                }
                case Prompt.Text text -> body.writeStringField("prompt", text.text() + prefix);
            }
            SamplingParameters sampling = request.sampling();
            switch (request.delivery()) {
                case STREAMED -> {
                    body.writeBooleanField("stream", true);
                    body.writeObjectFieldStart("stream_options");
                    body.writeBooleanField("include_usage", true);
                    body.writeEndObject();
                }
                case WHOLE -> body.writeBooleanField("stream", false);
            }
            body.writeNumberField("temperature", sampling.temperature());
            body.writeNumberField("top_p", sampling.topP());
            if (sampling.maxTokens() != SamplingParameters.UNLIMITED) {
                body.writeNumberField("max_tokens", sampling.maxTokens());
            }
            if (!sampling.stop().isEmpty()) {
                body.writeArrayFieldStart("stop");
                for (String stop : sampling.stop()) {
                    body.writeString(stop);
                }
                body.writeEndArray();
            }
            if (sampling.seed().isPresent()) {
                body.writeNumberField("seed", sampling.seed().getAsLong());
            }
            if (sampling.presencePenalty() != 0) {
                body.writeNumberField("presence_penalty", sampling.presencePenalty());
            }
            if (sampling.frequencyPenalty() != 0) {
                body.writeNumberField("frequency_penalty", sampling.frequencyPenalty());
            }
            body.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a request body could not be written", e);
        }
        // Straight to UTF-8 bytes: the transports send bytes, and a String would be encoded again.
        return bytes.toByteArray();
    }

    private static void message(JsonGenerator body, String role, String content) throws IOException {
        body.writeStartObject();
        body.writeStringField("role", role);
        body.writeStringField("content", content);
        body.writeEndObject();
    }

    /**
     * What one streamed chunk, or a whole answer, says as far as a completion needs it: choice 0's text
     * (its {@code delta.content} in a chunk, {@code message.content} in a whole chat answer, else its
     * {@code text}) and finish reason, the usage, and whether it carries an error. Absent fields are
     * null, or 0 for token counts.
     */
    record Chunk(boolean error, boolean hasUsage, int promptTokens, int completionTokens, String text,
            String finishReason) {}

    /**
     * Reads a chunk with the streaming parser: no tree per chunk, and the members a completion does
     * not need (ids, logprobs, other choices) are skipped unread. Empty when it is not a JSON object.
     */
    static Optional<Chunk> chunk(String payload) {
        // Jackson's byte parser, not its char parser over the string: a 394-byte answer read in 0.95 µs
        // instead of 1.4 (the UTF-8 copy included), and a stream reads one chunk per token.
        try (JsonParser parser = MAPPER.getFactory().createParser(payload.getBytes(StandardCharsets.UTF_8))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            boolean error = false;
            boolean hasUsage = false;
            int prompt = 0;
            int completion = 0;
            String[] choice = {null, null};
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "error" -> error |= value != JsonToken.VALUE_NULL;
                    case "usage" -> {
                        if (value == JsonToken.START_OBJECT) {
                            hasUsage = true;
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String field = parser.currentName();
                                parser.nextToken();
                                if (field.equals("prompt_tokens")) {
                                    prompt = parser.getValueAsInt(0);
                                } else if (field.equals("completion_tokens")) {
                                    completion = parser.getValueAsInt(0);
                                }
                                parser.skipChildren();
                            }
                        }
                    }
                    case "choices" -> {
                        if (value == JsonToken.START_ARRAY) {
                            firstChoice(parser, choice);
                        }
                    }
                    default -> {
                        // Other members mean nothing to a completion.
                    }
                }
                parser.skipChildren();
            }
            return Optional.of(new Chunk(error, hasUsage, Math.max(0, prompt), Math.max(0, completion), choice[0],
                    choice[1]));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads choice 0 into {@code choice} (text, finish reason) and skips to the end of the array. */
    private static void firstChoice(JsonParser parser, String[] choice) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_OBJECT) {
            boolean hasContent = false;
            String contentText = null;
            String text = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "delta", "message" -> {
                        hasContent = true;
                        if (value == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                boolean content = parser.currentName().equals("content");
                                if (parser.nextToken() == JsonToken.VALUE_STRING && content) {
                                    contentText = parser.getText();
                                }
                                parser.skipChildren();
                            }
                        }
                    }
                    case "text" -> text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "finish_reason" -> choice[1] = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    default -> {
                        // logprobs, index, tool calls: not needed.
                    }
                }
                parser.skipChildren();
            }
            choice[0] = hasContent ? contentText : text;
            token = parser.nextToken();
        }
        while (token != null && token != JsonToken.END_ARRAY) {
            parser.skipChildren();
            token = parser.nextToken();
        }
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
