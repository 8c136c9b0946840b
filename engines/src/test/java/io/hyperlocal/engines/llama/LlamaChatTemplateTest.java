package io.hyperlocal.engines.llama;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of the tiny model given a ChatML template, one that also raises a Jinja error on
 * non-alternating roles: llama.cpp renders it with its built-in ChatML, which never raises.
 */
class LlamaChatTemplateTest {
    static final String CHATML = "{% for message in messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;
    static LlamaCppEngine engine;

    @BeforeAll
    static void load() throws IOException {
        Path model = GgufFiles.withString(TestModels.stories260k(), directory.resolve("stories-chat.gguf"),
                "tokenizer.chat_template", CHATML);
        engine = new LlamaCppEngine("llama-chat", "stories-chat",
                new LlamaModelPool().open(model, new LlamaCppSettings(1, 256, 2, 2, 0)));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void rendersChatsWithTheModelsTemplate() {
        List<ChatMessage> messages = List.of(new ChatMessage("developer", "Be brief."),
                new ChatMessage("user", "Hello"), new ChatMessage("user", "Again"));
        TestingListener listener = new TestingListener();
        engine.generate(chat("stories-chat", messages, greedy(8)), listener);

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        String rendered = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n"
                + "<|im_start|>user\nAgain<|im_end|>\n<|im_start|>assistant\n";
        assertThat(completed.usage().promptTokens()).isEqualTo(1 + engine.countTokens("stories-chat", rendered));
        assertThat(completed.usage().completionTokens()).isEqualTo(8);
    }

    @Test
    void addsNoSecondBosToAPromptThatStartsWithOne() {
        TestingListener listener = new TestingListener();
        engine.generate(text("stories-chat", "<s>Once upon a time", greedy(4)), listener);

        // "<s>" is parsed to the BOS token, so the prompt starts with exactly one.
        assertThat(listener.awaitCompleted(TIMEOUT).usage().promptTokens())
                .isEqualTo(1 + engine.countTokens("stories-chat", "Once upon a time"));
    }
}
