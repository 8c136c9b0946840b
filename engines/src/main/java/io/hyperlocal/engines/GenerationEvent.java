package io.hyperlocal.engines;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import java.util.Objects;

/** What an engine reports while it generates. */
public sealed interface GenerationEvent {

    /**
     * New text. {@code tokens} is how many generated tokens it stands for: usually one, more when the
     * engine held text back (a partial stop sequence, an incomplete UTF-8 character), zero never.
     */
    record Token(String text, int tokens) implements GenerationEvent {
        public Token {
            Objects.requireNonNull(text, "text is null");
            if (tokens < 1) {
                throw new IllegalArgumentException("tokens must be at least 1: " + tokens);
            }
        }
    }

    /** The end of a generation, with usage counted by the engine's tokenizer. */
    record Completed(FinishReason finishReason, TokenUsage usage) implements GenerationEvent {
        public Completed {
            Objects.requireNonNull(finishReason, "finishReason is null");
            Objects.requireNonNull(usage, "usage is null");
        }
    }

    /** The generation failed; {@code usage} counts what was generated before. */
    record Failed(HyperlocalException error, TokenUsage usage) implements GenerationEvent {
        public Failed {
            Objects.requireNonNull(error, "error is null");
            Objects.requireNonNull(usage, "usage is null");
        }
    }
}
