package io.hyperlocal.engines.simulated.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sequence for the scheduler: its prompt's token ids and the ids of the tokens it will generate,
 * in order. The sequence finishes after its last output token, unless cancelled before. Arrays are
 * copied in and never handed out.
 *
 * @param id unique among the sequences a scheduler holds
 * @param namespace separates models in the KV cache (see {@link PseudoTokens#namespace})
 * @param prompt token ids of the prompt, at least one
 * @param output token ids the sequence will generate, at least one
 */
public record SequenceRequest(long id, long namespace, int[] prompt, int[] output) {
    public SequenceRequest {
        prompt = Objects.requireNonNull(prompt, "prompt is null").clone();
        output = Objects.requireNonNull(output, "output is null").clone();
        if (prompt.length < 1) {
            throw new IllegalArgumentException("prompt must hold at least one token");
        }
        if (output.length < 1) {
            throw new IllegalArgumentException("output must hold at least one token");
        }
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public int[] output() {
        return output.clone();
    }

    public int promptLength() {
        return prompt.length;
    }

    public int outputLength() {
        return output.length;
    }

    /** Prompt then output ids, the tokens whose KV the sequence will hold. */
    int[] allTokens() {
        int[] all = Arrays.copyOf(prompt, prompt.length + output.length);
        System.arraycopy(output, 0, all, prompt.length, output.length);
        return all;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceRequest that && id == that.id && namespace == that.namespace
                && Arrays.equals(prompt, that.prompt) && Arrays.equals(output, that.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, namespace, Arrays.hashCode(prompt), Arrays.hashCode(output));
    }

    @Override
    public String toString() {
        return "SequenceRequest[id=" + id + ", prompt=" + prompt.length + " tokens, output=" + output.length
                + " tokens]";
    }
}
