package io.hyperlocal.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How to sample a generation. Ranges follow the OpenAI API.
 *
 * @param maxTokens most tokens to generate; {@link #UNLIMITED} lets the engine stop at the end of its context
 * @param temperature in [0, 2]; 0 is greedy decoding
 * @param topP nucleus sampling mass in [0, 1]; 0 keeps only the most likely token
 * @param stop up to four stop sequences, none of them empty
 * @param seed seed for a reproducible sample, empty for a random one
 * @param presencePenalty in [-2, 2]
 * @param frequencyPenalty in [-2, 2]
 */
public record SamplingParameters(
        int maxTokens,
        double temperature,
        double topP,
        List<String> stop,
        OptionalLong seed,
        double presencePenalty,
        double frequencyPenalty) {

    public static final int UNLIMITED = -1;
    public static final int MAX_STOP_SEQUENCES = 4;
    /**
     * The longest stop sequence the API accepts, in UTF-16 chars. llama.cpp's stop matching costs time
     * that grows with the sequence's length for every token generated: one sequence of a million
     * characters held an engine for 155 s over 200 tokens (against a fraction of a second without it),
     * so an unbounded one lets any caller pin an engine. Real stop sequences are a few characters.
     */
    public static final int MAX_STOP_SEQUENCE_LENGTH = 1000;
    public static final SamplingParameters DEFAULTS =
            new SamplingParameters(UNLIMITED, 1.0, 1.0, List.of(), OptionalLong.empty(), 0, 0);

    public SamplingParameters {
        if (maxTokens != UNLIMITED && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1: " + maxTokens);
        }
        requireRange("temperature", temperature, 0, 2);
        requireRange("topP", topP, 0, 1);
        requireRange("presencePenalty", presencePenalty, -2, 2);
        requireRange("frequencyPenalty", frequencyPenalty, -2, 2);
        stop = List.copyOf(Objects.requireNonNull(stop, "stop is null"));
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw new IllegalArgumentException("stop holds at most " + MAX_STOP_SEQUENCES + " sequences: " + stop.size());
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop sequences must not be empty");
        }
        Objects.requireNonNull(seed, "seed is null");
    }

    public SamplingParameters withMaxTokens(int newMaxTokens) {
        return new SamplingParameters(newMaxTokens, temperature, topP, stop, seed, presencePenalty, frequencyPenalty);
    }

    private static void requireRange(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException(name + " must be in [" + low + ", " + high + "]: " + value);
        }
    }
}
