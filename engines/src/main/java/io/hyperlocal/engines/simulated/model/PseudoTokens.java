package io.hyperlocal.engines.simulated.model;

import java.util.Objects;

/**
 * Deterministic stand-ins for token ids when there is no tokenizer: one id per whitespace-separated
 * word, a hash of the word. The same text always gives the same ids, so prompts that share leading
 * words share leading KV blocks, which is all prefix caching needs. Different words may collide on an
 * id, as rarely as 32-bit hashes do.
 */
public final class PseudoTokens {
    private PseudoTokens() {}

    /** The ids of {@code text}'s words, in order. */
    public static int[] words(String text) {
        Objects.requireNonNull(text, "text is null");
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return new int[0];
        }
        String[] words = stripped.split("\\s+");
        int[] ids = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            ids[i] = of(words[i]);
        }
        return ids;
    }

    /** The id of one word or marker (a chat role, for example). */
    public static int of(String word) {
        Objects.requireNonNull(word, "word is null");
        return (int) KvCache.mix(word.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** A 64-bit namespace for a model's blocks, so two models never share a cached block. */
    public static long namespace(String model) {
        Objects.requireNonNull(model, "model is null");
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < model.length(); i++) {
            hash = (hash ^ model.charAt(i)) * 0x100000001B3L;
        }
        return KvCache.mix(hash);
    }
}
