package io.hyperlocal.core;

/** Tokens read and written by one generation, counted by the engine's own tokenizer. */
public record TokenUsage(int promptTokens, int completionTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens must not be negative: " + promptTokens);
        }
        if (completionTokens < 0) {
            throw new IllegalArgumentException("completionTokens must not be negative: " + completionTokens);
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
