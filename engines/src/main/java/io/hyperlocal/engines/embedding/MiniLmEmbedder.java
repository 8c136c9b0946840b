package io.hyperlocal.engines.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.engines.ModelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (ONNX, bundled with langchain4j): 384 dimensions, unit
 * length, so the dot product of two vectors is their cosine similarity.
 *
 * <p>Token counts come from the model's own WordPiece tokenizer and include the {@code [CLS]} and
 * {@code [SEP]} tokens the model reads. An input longer than {@link #MAX_INPUT_TOKENS} is refused with
 * {@code CONTEXT_LENGTH_EXCEEDED}, as OpenAI refuses over-long inputs, rather than truncated or split.
 * Blank inputs are refused with {@code INVALID_VALUE}.
 *
 * <p>The model loads on first use (about a second), once, thread-safely; then calls may run in parallel.
 */
public final class MiniLmEmbedder {
    public static final String MODEL_ID = "all-minilm-l6-v2";
    public static final int DIMENSIONS = 384;
    /** The sequence length all-MiniLM-L6-v2 was trained for, special tokens included. */
    public static final int MAX_INPUT_TOKENS = 256;

    private final Executor executor;
    private volatile Loaded loaded;

    private record Loaded(HuggingFaceTokenizer tokenizer, UntruncatedMiniLm model) {}

    /** Embeds the inputs of a call one after the other, on the calling thread. */
    public MiniLmEmbedder() {
        this(Runnable::run);
    }

    /** Embeds the inputs of a call in parallel on {@code executor}. */
    public MiniLmEmbedder(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor is null");
    }

    public ModelInfo modelInfo() {
        return new ModelInfo(MODEL_ID, MAX_INPUT_TOKENS, false, "all-MiniLM-L6-v2, ONNX, from langchain4j");
    }

    /**
     * One embedding per input, in order.
     *
     * @throws HyperlocalException {@code INVALID_VALUE} for no input or a blank one,
     *     {@code CONTEXT_LENGTH_EXCEEDED} for an input over {@link #MAX_INPUT_TOKENS} tokens; the
     *     parameter names it, as in {@code input[2]}
     */
    public List<TextEmbedding> embed(List<String> inputs) {
        Objects.requireNonNull(inputs, "inputs is null");
        if (inputs.isEmpty()) {
            throw HyperlocalException.invalidValue("input", "input must hold at least one string");
        }
        Loaded model = loaded();
        List<Integer> tokens = new ArrayList<>(inputs.size());
        List<TextSegment> segments = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String input = Objects.requireNonNull(inputs.get(i), "inputs[" + i + "] is null");
            String param = inputs.size() == 1 ? "input" : "input[" + i + "]";
            if (input.isBlank()) {
                throw HyperlocalException.invalidValue(param, param + " is empty or blank; it must hold text to embed");
            }
            int count = model.tokenizer().tokenize(input).size();
            if (count > MAX_INPUT_TOKENS) {
                throw new HyperlocalException(ErrorCode.CONTEXT_LENGTH_EXCEEDED, "This model's maximum context length is "
                        + MAX_INPUT_TOKENS + " tokens, however you requested " + count + " tokens (" + count
                        + " in your prompt; 0 for the completion). Please reduce your prompt; or completion length.",
                        param);
            }
            tokens.add(count);
            segments.add(TextSegment.from(input));
        }
        List<Embedding> embeddings = model.model().embedAll(segments).content();
        List<TextEmbedding> vectors = new ArrayList<>(embeddings.size());
        for (int i = 0; i < embeddings.size(); i++) {
            vectors.add(new TextEmbedding(embeddings.get(i).vector(), tokens.get(i)));
        }
        return List.copyOf(vectors);
    }

    /** Tokens {@code text} takes, {@code [CLS]} and {@code [SEP]} included. */
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text is null");
        return loaded().tokenizer().tokenize(text).size();
    }

    private Loaded loaded() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                current = loaded;
                if (current == null) {
                    current = new Loaded(tokenizer(), new UntruncatedMiniLm(executor));
                    loaded = current;
                }
            }
        }
        return current;
    }

    private static HuggingFaceTokenizer tokenizer() {
        try (InputStream json = UntruncatedMiniLm.resource(UntruncatedMiniLm.TOKENIZER_RESOURCE)) {
            return HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the all-MiniLM-L6-v2 tokenizer: " + e.getMessage(), e);
        }
    }
}
