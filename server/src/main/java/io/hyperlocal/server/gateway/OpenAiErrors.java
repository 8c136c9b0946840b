package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.vertx.core.buffer.Buffer;

/** The OpenAI error body: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {
    /**
     * What a caller reads when the engines failed and the gateway has run out of sites to move the
     * request to. The engine's own message is for the operator (it is in the log and the request's
     * line): it names the agent's or upstream's address, Java exception classes, and advice such as
     * "retry on another engine" that only the gateway can follow.
     */
    static final String ENGINE_FAILED = "The engine serving this request failed, and no other engine the request"
            + " may use could take it over. Retry it; the operator finds what happened by the request id in"
            + " x-request-id.";

    private OpenAiErrors() {}

    static Buffer body(HyperlocalException error) {
        return Json.write(generator -> writeError(generator, error));
    }

    /** The error object, also sent as an SSE event when a stream fails after it started. */
    static void writeError(JsonGenerator generator, HyperlocalException error) throws java.io.IOException {
        ErrorCode code = error.code();
        generator.writeStartObject();
        generator.writeObjectFieldStart("error");
        generator.writeStringField("message", code == ErrorCode.ENGINE_FAILED ? ENGINE_FAILED : error.getMessage());
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
