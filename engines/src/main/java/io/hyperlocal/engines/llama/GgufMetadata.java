package io.hyperlocal.engines.llama;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The key/value header of a GGUF file (format versions 2 and 3, little endian), read without its
 * tensors. Scalar values are kept: integers of every width as {@link Long} (an unsigned 64-bit value
 * above {@link Long#MAX_VALUE} reads negative), floats as {@link Double}, {@link Boolean}s and
 * {@link String}s. Arrays are skipped without being materialised ({@code tokenizer.ggml.tokens} holds
 * the whole vocabulary); only their lengths are kept, in {@code arrayLengths}.
 *
 * @param path the file read
 * @param version the GGUF format version, 2 or 3
 * @param tensorCount tensors the file declares
 * @param values scalar values by key
 * @param arrayLengths element counts of the array values by key
 */
public record GgufMetadata(
        Path path, int version, long tensorCount, Map<String, Object> values, Map<String, Long> arrayLengths) {
    static final String ARCHITECTURE = "general.architecture";

    public GgufMetadata {
        Objects.requireNonNull(path, "path is null");
        values = Map.copyOf(Objects.requireNonNull(values, "values is null"));
        arrayLengths = Map.copyOf(Objects.requireNonNull(arrayLengths, "arrayLengths is null"));
        if (!(values.get(ARCHITECTURE) instanceof String)) {
            throw new GgufFormatException("GGUF file " + path + " has no string " + ARCHITECTURE);
        }
    }

    /**
     * Reads the header of {@code path}.
     *
     * @throws GgufFormatException for a file that is not GGUF, of an unsupported version, or truncated
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static GgufMetadata read(Path path) {
        return GgufReader.read(path);
    }

    /** {@code general.architecture}, for example {@code llama}. */
    public String architecture() {
        return (String) values.get(ARCHITECTURE);
    }

    /** {@code general.name}. */
    public Optional<String> name() {
        return string("general.name");
    }

    /** {@code <architecture>.context_length}: the context the model was trained with. */
    public OptionalInt contextLength() {
        return integer(architecture() + ".context_length");
    }

    /** {@code tokenizer.chat_template}, a Jinja template. */
    public Optional<String> chatTemplate() {
        return string("tokenizer.chat_template");
    }

    /**
     * Whether a BOS token starts every prompt: {@code tokenizer.ggml.add_bos_token}, or, when the file
     * does not say, true for a SentencePiece vocabulary ({@code tokenizer.ggml.model = llama}) and false
     * otherwise, as llama.cpp decides.
     */
    public boolean addBosToken() {
        if (values.get("tokenizer.ggml.add_bos_token") instanceof Boolean addBos) {
            return addBos;
        }
        return string("tokenizer.ggml.model").map("llama"::equals).orElse(false);
    }

    public OptionalInt bosTokenId() {
        return integer("tokenizer.ggml.bos_token_id");
    }

    public OptionalInt eosTokenId() {
        return integer("tokenizer.ggml.eos_token_id");
    }

    /** {@code general.file_type}: llama.cpp's code for the quantisation of most tensors. */
    public OptionalInt fileType() {
        return integer("general.file_type");
    }

    /** {@code general.parameter_count}, which only some converters write. */
    public OptionalLong parameterCount() {
        return values.get("general.parameter_count") instanceof Long count ? OptionalLong.of(count) : OptionalLong.empty();
    }

    /** Entries of {@code tokenizer.ggml.tokens}. */
    public OptionalInt vocabularySize() {
        Long length = arrayLengths.get("tokenizer.ggml.tokens");
        return length == null || length > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(length.intValue());
    }

    /** An integer value that fits an {@code int}; empty when absent, of another type, or out of range. */
    public OptionalInt integer(String key) {
        if (values.get(key) instanceof Long value && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return OptionalInt.of(value.intValue());
        }
        return OptionalInt.empty();
    }

    public Optional<String> string(String key) {
        return values.get(key) instanceof String value ? Optional.of(value) : Optional.empty();
    }
}
