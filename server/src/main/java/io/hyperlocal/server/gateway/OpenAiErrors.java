package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.vertx.core.buffer.Buffer;

/** The OpenAI error body: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {
    private OpenAiErrors() {}

    static Buffer body(HyperlocalException error) {
        return Json.write(generator -> writeError(generator, error));
    }

    /** The error object, also sent as an SSE event when a stream fails after it started. */
    static void writeError(JsonGenerator generator, HyperlocalException error) throws java.io.IOException {
        ErrorCode code = error.code();
        generator.writeStartObject();
        generator.writeObjectFieldStart("error");
        generator.writeStringField("message", error.getMessage());
        generator.writeStringField("type", code.category().openAiType());
        if (error.param().isPresent()) {
            generator.writeStringField("param", error.param().get());
        } else {
            generator.writeNullField("param");
        }
        generator.writeStringField("code", code.code());
        generator.writeEndObject();
        generator.writeEndObject();
    }
}
