package io.hyperlocal.server.gateway;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Prompt;
import java.nio.charset.StandardCharsets;

/**
 * The size of a prompt in UTF-8 bytes, which admission uses to bound its tokens before the engine
 * has tokenised it: a byte-level BPE token covers at least one byte.
 */
final class PromptSize {
    private PromptSize() {}

    static long utf8Bytes(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Text text -> bytes(text.text());
            case Prompt.Chat chat -> {
                long total = 0;
                for (ChatMessage message : chat.messages()) {
                    total += bytes(message.role()) + bytes(message.content());
                }
                yield total;
            }
        };
    }

    static long utf8Bytes(java.util.List<String> texts) {
        long total = 0;
        for (String text : texts) {
            total += bytes(text);
        }
        return total;
    }

    private static long bytes(String text) {
        // Counting without encoding: the prompt can be large and this runs on every request.
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
