package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.TokenUsage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The JSON shapes of completion responses and stream chunks, field for field as OpenAI sends them,
 * so that every OpenAI client library parses them.
 */
final class CompletionJson {
    static final String SYSTEM_FINGERPRINT = "hyperlocal-0.1";
    private static final Buffer DATA = Buffer.buffer("data: ");
    private static final Buffer END_OF_EVENT = Buffer.buffer("\n\n");
    static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private CompletionJson() {}

    /** Identity fields shared by every chunk and response of one request. */
    record Header(CompletionCall.Kind kind, String id, long created, String model) {}

    static Buffer response(Header header, String text, FinishReason finishReason, TokenUsage usage) {
        return Json.write(json -> {
            json.writeStartObject();
            identity(json, header, false);
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            if (header.kind() == CompletionCall.Kind.CHAT) {
                json.writeObjectFieldStart("message");
                json.writeStringField("role", "assistant");
                json.writeStringField("content", text);
                json.writeNullField("refusal");
                json.writeArrayFieldStart("annotations");
                json.writeEndArray();
                json.writeEndObject();
            } else {
                json.writeStringField("text", text);
            }
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finishReason.openAiValue());
            json.writeEndObject();
            json.writeEndArray();
            usage(json, usage);
            json.writeStringField("service_tier", "default");
            json.writeStringField("system_fingerprint", SYSTEM_FINGERPRINT);
            json.writeEndObject();
        });
    }

    /**
     * One SSE event carrying a chunk. {@code role} is sent in the first chat chunk only;
     * {@code finishReason} is null until the last content chunk.
     */
    static Buffer chunk(Header header, boolean role, String text, FinishReason finishReason, boolean usageField) {
        Buffer json = Json.write(generator -> {
            generator.writeStartObject();
            identity(generator, header, true);
            generator.writeArrayFieldStart("choices");
            generator.writeStartObject();
            generator.writeNumberField("index", 0);
            if (header.kind() == CompletionCall.Kind.CHAT) {
                generator.writeObjectFieldStart("delta");
                if (role) {
                    generator.writeStringField("role", "assistant");
                }
                if (finishReason == null || !text.isEmpty()) {
                    generator.writeStringField("content", text);
                }
                if (role) {
                    generator.writeNullField("refusal");
                }
                generator.writeEndObject();
            } else {
                generator.writeStringField("text", text);
            }
            generator.writeNullField("logprobs");
            if (finishReason == null) {
                generator.writeNullField("finish_reason");
            } else {
                generator.writeStringField("finish_reason", finishReason.openAiValue());
            }
            generator.writeEndObject();
            generator.writeEndArray();
            if (usageField) {
                generator.writeNullField("usage");
            }
            generator.writeEndObject();
        });
        return event(json);
    }

    /** The extra last chunk of {@code stream_options.include_usage}: no choices, the usage. */
    static Buffer usageChunk(Header header, TokenUsage usage) {
        return event(Json.write(json -> {
            json.writeStartObject();
            identity(json, header, true);
            json.writeArrayFieldStart("choices");
            json.writeEndArray();
            usage(json, usage);
            json.writeEndObject();
        }));
    }

    static Buffer event(Buffer json) {
        return Buffer.buffer(json.length() + 8).appendBuffer(DATA).appendBuffer(json).appendBuffer(END_OF_EVENT);
    }

    private static void identity(JsonGenerator json, Header header, boolean chunk) throws IOException {
        json.writeStringField("id", header.id());
        String object = switch (header.kind()) {
            case CHAT -> chunk ? "chat.completion.chunk" : "chat.completion";
            case TEXT -> "text_completion";
        };
        json.writeStringField("object", object);
        json.writeNumberField("created", header.created());
        json.writeStringField("model", header.model());
        if (chunk) {
            json.writeStringField("service_tier", "default");
            json.writeStringField("system_fingerprint", SYSTEM_FINGERPRINT);
        }
    }

    private static void usage(JsonGenerator json, TokenUsage usage) throws IOException {
        json.writeObjectFieldStart("usage");
        json.writeNumberField("prompt_tokens", usage.promptTokens());
        json.writeNumberField("completion_tokens", usage.completionTokens());
        json.writeNumberField("total_tokens", usage.totalTokens());
        json.writeObjectFieldStart("prompt_tokens_details");
        json.writeNumberField("cached_tokens", 0);
        json.writeNumberField("audio_tokens", 0);
        json.writeEndObject();
        json.writeObjectFieldStart("completion_tokens_details");
        json.writeNumberField("reasoning_tokens", 0);
        json.writeNumberField("audio_tokens", 0);
        json.writeNumberField("accepted_prediction_tokens", 0);
        json.writeNumberField("rejected_prediction_tokens", 0);
        json.writeEndObject();
        json.writeEndObject();
    }
}
