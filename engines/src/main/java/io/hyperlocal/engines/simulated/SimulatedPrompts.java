package io.hyperlocal.engines.simulated;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.engines.simulated.model.PseudoTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's stand-in for a tokenizer and chat template: a prompt's tokens are its words,
 * plus one role marker before each chat message, plus the words of the assistant prefix, each with a
 * {@link PseudoTokens} id. Their number is the prompt token count the engine reports.
 */
final class SimulatedPrompts {
    private SimulatedPrompts() {}

    static int[] tokenIds(GenerationRequest request) {
        List<int[]> parts = new ArrayList<>();
        switch (request.prompt()) {
            case Prompt.Text text -> parts.add(PseudoTokens.words(text.text()));
            case Prompt.Chat chat -> {
                for (ChatMessage message : chat.messages()) {
                    parts.add(new int[] {PseudoTokens.of("<|" + message.role() + "|>")});
                    parts.add(PseudoTokens.words(message.content()));
                }
            }
        }
        parts.add(PseudoTokens.words(request.assistantPrefix()));
        int[] all = new int[parts.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    static int words(String text) {
        return PseudoTokens.words(text).length;
    }
}
