package io.hyperlocal.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Delivery;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The request body an OpenAI-compatible server receives, byte for byte, for each shape of request. */
class OpenAiJsonRequestBodyTest {
    private static final Prompt CHAT = new Prompt.Chat(List.of(new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "Say \"hé\"\n")));

    @Test
    void aStreamedChatWithDefaults() {
        GenerationRequest request = new GenerationRequest("r1", "m", CHAT, SamplingParameters.DEFAULTS);

        assertThat(body(request)).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say \\\"hé\\\"\\n\"}],\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"temperature\":1.0,\"top_p\":1.0}");
    }

    @Test
    void aWholeChatWithEverySamplingParameterAndAnAssistantPrefix() {
        SamplingParameters sampling = new SamplingParameters(64, 0.25, 0.9, List.of("\n\n", "END"),
                OptionalLong.of(42), 0.5, -1.5);
        GenerationRequest request = new GenerationRequest("r2", "m", CHAT, sampling, "Once", Delivery.WHOLE);

        assertThat(body(request)).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say \\\"hé\\\"\\n\"},{\"role\":\"assistant\","
                + "\"content\":\"Once\"}],\"continue_final_message\":true,\"add_generation_prompt\":false,"
                + "\"stream\":false,\"temperature\":0.25,\"top_p\":0.9,\"max_tokens\":64,\"stop\":[\"\\n\\n\",\"END\"],"
                + "\"seed\":42,\"presence_penalty\":0.5,\"frequency_penalty\":-1.5}");
    }

    @Test
    void aTextPromptTakesThePrefixAppended() {
        GenerationRequest request = new GenerationRequest("r3", "m", new Prompt.Text("Once upon"),
                SamplingParameters.DEFAULTS.withMaxTokens(8), " a time", Delivery.WHOLE);

        assertThat(body(request)).isEqualTo("{\"model\":\"m\",\"prompt\":\"Once upon a time\",\"stream\":false,"
                + "\"temperature\":1.0,\"top_p\":1.0,\"max_tokens\":8}");
    }

    private static String body(GenerationRequest request) {
        return new String(OpenAiJson.requestBody(request), StandardCharsets.UTF_8);
    }
}
