package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON reading and writing for the gateway: one shared factory, streaming generation into buffers. */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Deeply nested bodies are an attack, never a request: refuse them early.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
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
}
