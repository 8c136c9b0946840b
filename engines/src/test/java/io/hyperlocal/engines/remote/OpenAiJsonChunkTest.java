package io.hyperlocal.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming chunk reader says what a tree of the same chunk says. */
class OpenAiJsonChunkTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"finish_reason\":null}]}",
        "{\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"a\",\"tool_calls\":[{\"f\":{\"n\":1}}]},\"logprobs\":{\"c\":[1,2]}}]}",
        "{\"choices\":[{\"text\":\"plain\",\"finish_reason\":\"length\"},{\"text\":\"second\"}]}",
        "{\"choices\":[{\"delta\":null,\"text\":\"ignored when delta is there\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":null}}],\"usage\":null}",
        "{\"choices\":[{\"text\":{\"nested\":\"object\"},\"finish_reason\":{\"odd\":true}}]}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
        "{\"choices\":[{\"delta\":{\"content\":\"c\"}}],\"usage\":{\"prompt_tokens\":\"3\",\"completion_tokens\":3.0}}",
        "{\"usage\":{\"prompt_tokens\":-4,\"details\":{\"cached\":2},\"completion_tokens\":1}}",
        "{\"error\":{\"message\":\"boom\"}}",
        "{\"error\":null,\"choices\":[{\"text\":\"fine\"}]}",
        "{\"choices\":\"not an array\"}",
        "{\"choices\":[\"not an object\",{\"text\":\"no\"}]}",
        "{}"
    })
    void readsWhatATreeReads(String payload) {
        Optional<OpenAiJson.Chunk> read = OpenAiJson.chunk(payload);

        assertThat(read).isPresent();
        assertThat(read.get()).isEqualTo(fromTree(OpenAiJson.parse(payload).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "not json", "{\"choices\":[{\"text\":\"cut", ""})
    void refusesWhatIsNotAnObject(String payload) {
        assertThat(OpenAiJson.chunk(payload)).isEmpty();
    }

    /** The reading of a chunk as a tree, as the gateway did before the streaming reader. */
    private static OpenAiJson.Chunk fromTree(JsonNode chunk) {
        JsonNode usage = chunk.path("usage");
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode text = choice.has("delta") ? choice.path("delta").path("content") : choice.path("text");
        JsonNode reason = choice.path("finish_reason");
        return new OpenAiJson.Chunk(chunk.hasNonNull("error"), usage.isObject(),
                Math.max(0, usage.path("prompt_tokens").asInt(0)), Math.max(0, usage.path("completion_tokens").asInt(0)),
                text.isTextual() ? text.asText() : null, reason.isTextual() ? reason.asText() : null);
    }
}
