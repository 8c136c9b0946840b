package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.HyperlocalException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fields OpenAI accepts that would change the answer (a forced tool call, audio output) are refused
 * rather than silently ignored, as the README promises; the harmless values still pass.
 */
class ChatRequestParserTest {
    private static final String BASE = "\"model\":\"stories260k\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"tool_choice\":\"required\"                               | unsupported_parameter | tool_choice",
            "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | unsupported_parameter | tool_choice",
            "\"tool_choice\":\"always\"                                 | invalid_value         | tool_choice",
            "\"tool_choice\":3                                          | invalid_type          | tool_choice",
            "\"function_call\":{\"name\":\"f\"}                          | unsupported_parameter | function_call",
            "\"modalities\":[\"text\",\"audio\"]                         | unsupported_parameter | modalities[1]",
            "\"modalities\":\"text\"                                    | invalid_type          | modalities",
            "\"metadata\":5                                             | invalid_type          | metadata",
            "\"metadata\":{\"k\":1}                                     | invalid_type          | metadata.k"})
    void refused(String field, String code, String param) {
        assertThatThrownBy(() -> parse(field))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code().code()).isEqualTo(code);
                    assertThat(e.param()).hasValue(param);
                    assertThat(e.getMessage()).contains(param.replaceAll("\\[.*", "").replaceAll("\\..*", ""));
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"tool_choice\":\"none\"", "\"tool_choice\":\"auto\"", "\"function_call\":\"none\"",
            "\"modalities\":[\"text\"]", "\"metadata\":{\"app\":\"x\"}", "\"tool_choice\":null"})
    void accepted(String field) {
        assertThat(parse(field).model()).isEqualTo("stories260k");
    }

    private static CompletionCall parse(String field) {
        try {
            return ChatRequestParser.parse(Json.MAPPER.readTree("{" + BASE + "," + field + "}"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
