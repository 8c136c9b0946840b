package io.hyperlocal.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextBudgetTest {
    static final Prompt TEXT = new Prompt.Text("hi");
    static final Prompt CHAT = new Prompt.Chat(List.of(new ChatMessage("user", "hi")));

    @Test
    void givesMaxTokensOrWhatIsLeft() {
        assertThat(ContextBudget.completionTokens(100, 10, 20, TEXT)).isEqualTo(20);
        assertThat(ContextBudget.completionTokens(100, 90, 20, TEXT)).isEqualTo(10);
        assertThat(ContextBudget.completionTokens(100, 10, SamplingParameters.UNLIMITED, TEXT)).isEqualTo(90);
        assertThat(ContextBudget.completionTokens(100, 99, SamplingParameters.UNLIMITED, TEXT)).isEqualTo(1);
    }

    @Test
    void refusesAPromptThatLeavesNoRoom() {
        assertThatThrownBy(() -> ContextBudget.completionTokens(100, 120, 5, CHAT))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.param()).contains("messages");
                })
                .hasMessage("This model's maximum context length is 100 tokens. However, your messages resulted in "
                        + "120 tokens. Please reduce the length of the messages.");
        assertThatThrownBy(() -> ContextBudget.completionTokens(100, 100, 5, TEXT))
                .hasMessage("This model's maximum context length is 100 tokens. However, your prompt resulted in "
                        + "100 tokens, which leaves no room for the completion. Please reduce the length of the prompt.");
    }
}
