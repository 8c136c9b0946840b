package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** JSON reading and writing for the gateway: one shared factory, streaming generation into buffers. */
final class Json {
    static final int MAX_NESTING_DEPTH = 64;
    /** Jackson's location of a parse error inside its message, "[Source: REDACTED (...); line: 1, column: 2]". */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    /**
     * The tree reader's duplicate-key refusal, "Duplicate field 'model' for `ObjectNode`: not allowed when
     * `DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY` enabled". It is translated rather than replaced
     * by the parser's own duplicate detection, which would track every field name of every request.
     */
    private static final Pattern DUPLICATE_TREE_KEY = Pattern.compile("(Duplicate field '.*') for `ObjectNode`: .*",
            Pattern.DOTALL);
    /** Where Jackson says a limit comes from, "(64, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]*`");
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Deeply nested bodies are an attack, never a request: refuse them early.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {}

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    static Buffer write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write JSON", e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    static JsonNode read(Buffer body) throws IOException {
        return MAPPER.readTree(body.getBytes());
    }

    /**
     * What went wrong in a body that does not parse, for the caller: Jackson's own wording without the
     * names of its classes, features and settings, which mean nothing to an API client.
     */
    static String parseProblem(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException && e.getOriginalMessage().startsWith("Document nesting depth")) {
            return "the body is nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        var duplicate = DUPLICATE_TREE_KEY.matcher(e.getOriginalMessage());
        if (duplicate.matches()) {
            return duplicate.group(1);
        }
        String message = SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2");
        return LIMIT_SOURCE.matcher(message).replaceAll("");
    }
}
