package io.hyperlocal.engines;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;

/** How many tokens a completion may generate in a context window, and the error when none fit. */
public final class ContextBudget {
    private ContextBudget() {}

    /**
     * The completion tokens to allow: {@code maxTokens}, or what is left of the context when that is
     * less (the generation then ends with {@code LENGTH}), or all that is left for
     * {@link SamplingParameters#UNLIMITED}.
     *
     * @throws HyperlocalException with {@code CONTEXT_LENGTH_EXCEEDED}, worded as OpenAI words it, when
     *     the prompt leaves no room for a single completion token
     */
    public static int completionTokens(int contextLength, int promptTokens, int maxTokens, Prompt prompt) {
        if (promptTokens + 1 > contextLength) {
            throw exceeded(contextLength, promptTokens, prompt);
        }
        int room = contextLength - promptTokens;
        return maxTokens == SamplingParameters.UNLIMITED ? room : Math.min(maxTokens, room);
    }

    private static HyperlocalException exceeded(int contextLength, int promptTokens, Prompt prompt) {
        String what = switch (prompt) {
            case Prompt.Chat chat -> "messages";
            case Prompt.Text text -> "prompt";
        };
        String noRoom = promptTokens == contextLength ? ", which leaves no room for the completion" : "";
        return new HyperlocalException(ErrorCode.CONTEXT_LENGTH_EXCEEDED, "This model's maximum context length is "
                + contextLength + " tokens. However, your " + what + " resulted in " + promptTokens + " tokens"
                + noRoom + ". Please reduce the length of the " + what + ".", what);
    }
}
