package io.hyperlocal.engines.embedding;

import java.util.Arrays;
import java.util.Objects;

/**
 * The embedding of one input and the tokens the input took.
 *
 * @param vector the embedding; copied in and out, so callers may keep or change theirs
 * @param tokens tokens of the input as the model read them, at least 1
 */
public record TextEmbedding(float[] vector, int tokens) {
    public TextEmbedding {
        Objects.requireNonNull(vector, "vector is null");
        vector = vector.clone();
        if (vector.length == 0) {
            throw new IllegalArgumentException("vector must not be empty");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1: " + tokens);
        }
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** The dot product, which is the cosine similarity for unit-length vectors. */
    public double dot(TextEmbedding other) {
        if (other.vector.length != vector.length) {
            throw new IllegalArgumentException("dimensions differ: " + vector.length + " and " + other.vector.length);
        }
        double sum = 0;
        for (int i = 0; i < vector.length; i++) {
            sum += (double) vector[i] * other.vector[i];
        }
        return sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextEmbedding that && tokens == that.tokens && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(vector) + tokens;
    }

    @Override
    public String toString() {
        return "TextEmbedding[" + vector.length + " dimensions, " + tokens + " tokens]";
    }
}
