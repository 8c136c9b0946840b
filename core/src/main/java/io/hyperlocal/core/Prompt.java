package io.hyperlocal.core;

import java.util.List;
import java.util.Objects;

/** What a generation starts from: a chat conversation or a raw text prompt. */
public sealed interface Prompt {

    /** A conversation the engine renders with the model's chat template. */
    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(Objects.requireNonNull(messages, "messages is null"));
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("messages must not be empty");
            }
        }
    }

    /** Raw text passed to the model as is ({@code /v1/completions}). */
    record Text(String text) implements Prompt {
        public Text {
            Objects.requireNonNull(text, "text is null");
        }
    }
}
