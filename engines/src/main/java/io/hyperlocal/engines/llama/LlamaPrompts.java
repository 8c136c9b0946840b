package io.hyperlocal.engines.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Prompt;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Prompt} into the exact tokens llama.cpp evaluates. Chats use the GGUF's chat
 * template when it has one, otherwise the plain transcript described on {@link LlamaCppEngine}.
 */
final class LlamaPrompts {
    /** Ends the fallback transcript's assistant turn before the model writes the user's next one. */
    static final String TRANSCRIPT_STOP = "\nUser:";

    private static final Field PARAMETERS = parametersField();

    /** A rendered prompt and the stop sequences its format adds. */
    record Rendered(String text, List<String> extraStops) {
        /**
         * The prompt followed by text the answer already holds: the template's generation prompt
         * ends the rendered chat, so appending continues the assistant's turn where another engine
         * stopped (the text streamed so far is then evaluated as prompt, not generated again).
         */
        Rendered continuing(String assistantPrefix) {
            return assistantPrefix.isEmpty() ? this : new Rendered(text + assistantPrefix, extraStops);
        }
    }

    private LlamaPrompts() {}

    static Rendered render(Prompt prompt, GgufMetadata metadata, LlamaModel model) {
        return switch (prompt) {
            case Prompt.Text text -> new Rendered(text.text(), List.of());
            case Prompt.Chat chat -> metadata.chatTemplate().isPresent()
                    ? new Rendered(model.applyTemplate(templateRequest(chat.messages())), List.of())
                    : new Rendered(transcript(chat.messages()), List.of(TRANSCRIPT_STOP));
        };
    }

    static String transcript(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            text.append(label(message.role())).append(": ").append(message.content()).append('\n');
        }
        return text.append("Assistant:").toString();
    }

    /**
     * The tokens of {@code text} with the BOS token first when the GGUF asks for one. A template that
     * writes the BOS itself already yields it, and it is not added twice.
     */
    static int[] tokens(String text, GgufMetadata metadata, LlamaModel model) {
        int[] tokens = model.encode(text);
        if (!metadata.addBosToken() || metadata.bosTokenId().isEmpty()) {
            return tokens;
        }
        int bos = metadata.bosTokenId().getAsInt();
        if (tokens.length > 0 && tokens[0] == bos) {
            return tokens;
        }
        int[] withBos = new int[tokens.length + 1];
        withBos[0] = bos;
        System.arraycopy(tokens, 0, withBos, 1, tokens.length);
        return withBos;
    }

    /**
     * Sets the prompt as an array of token ids, which llama.cpp evaluates as given: what was counted is
     * what runs. {@link InferenceParameters#setPrompt} only takes a string, so this writes the JSON
     * field the library keeps for it.
     */
    @SuppressWarnings("unchecked")
    static void setTokenPrompt(InferenceParameters parameters, int[] tokens) {
        try {
            ((Map<String, String>) PARAMETERS.get(parameters)).put("prompt", Arrays.toString(tokens));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set a token prompt on de.kherud:llama's InferenceParameters", e);
        }
    }

    /** Fails when de.kherud:llama no longer keeps its request JSON the way {@link #setTokenPrompt} expects. */
    static void requireTokenPrompts() {
        setTokenPrompt(new InferenceParameters(""), new int[] {1});
    }

    private static String label(String role) {
        return switch (role) {
            case "system", "developer" -> "System";
            case "user" -> "User";
            case "assistant" -> "Assistant";
            case "tool" -> "Tool";
            default -> throw new IllegalArgumentException("unknown role: " + role);
        };
    }

    private static String templateRequest(List<ChatMessage> messages) {
        StringBuilder json = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            // Chat templates know "system"; OpenAI's "developer" role means the same.
            String role = message.role().equals("developer") ? "system" : message.role();
            json.append(i == 0 ? "" : ", ").append("{\"role\": ").append(quote(role))
                    .append(", \"content\": ").append(quote(message.content())).append('}');
        }
        return json.append("], \"add_generation_prompt\": true}").toString();
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static Field parametersField() {
        try {
            Field field = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("de.kherud:llama changed: InferenceParameters keeps no 'parameters' map; "
                    + "token prompts cannot be set", e);
        }
    }
}
