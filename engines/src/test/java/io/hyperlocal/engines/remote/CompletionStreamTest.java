package io.hyperlocal.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionStreamTest {
    final List<String> seen = new ArrayList<>();
    final CompletionStream stream = new CompletionStream(new CompletionStream.Sink() {
        @Override
        public void text(String text, int tokens) {
            seen.add(text + "/" + tokens);
        }

        @Override
        public void done() {
            seen.add("DONE");
        }

        @Override
        public void error(String message) {
            seen.add("ERROR " + message);
        }
    });

    void feed(String body) {
        body.lines().forEach(stream::line);
    }

    @Test
    void readsChatDeltasSkippingRoleChunksCommentsAndOtherFields() {
        feed("""
                : ping

                id: 1
                retry: 1000
                data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {"choices":[{"index":0,"delta":{"content":"Hé"},"finish_reason":null}]}

                data: {"choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":"stop"}]}

                data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

                data: [DONE]

                """);

        assertThat(seen).containsExactly("Hé/1", "llo/1", "DONE");
        assertThat(stream.finishReason()).contains("stop");
        assertThat(stream.reportedUsage()).contains(new TokenUsage(5, 2));
        assertThat(stream.events()).isEqualTo(5);
    }

    @Test
    void joinsTheDataLinesOfOneEvent() {
        feed("data: {\"choices\":[{\"text\":\ndata: \"a\"}]}\n\n");

        assertThat(seen).containsExactly("a/1");
    }

    @Test
    void countsTheTokensOfContinuousUsageStats() {
        feed("""
                data: {"choices":[{"delta":{"content":"ab"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}

                data: {"choices":[{"delta":{"content":"c"}}],"usage":{"prompt_tokens":3,"completion_tokens":3}}

                """);

        assertThat(seen).containsExactly("ab/2", "c/1");
        assertThat(stream.countedTokens()).isEqualTo(3);
    }

    @Test
    void readsAPendingEventAtTheEndOfTheBody() {
        stream.line("data: [DONE]");
        assertThat(seen).isEmpty();

        stream.end();

        assertThat(seen).containsExactly("DONE");
    }

    @Test
    void reportsErrorsSentAsEventsOrChunks() {
        feed("""
                event: error
                data: {"error":{"message":"out of memory"}}

                data: {"error":"plain words"}

                data: not json

                """);

        assertThat(seen).containsExactly("ERROR out of memory", "ERROR plain words",
                "ERROR the server sent an event that is not a JSON chunk: not json");
    }

    @Test
    void mapsFinishReasons() {
        assertThat(CompletionStream.map("stop")).contains(FinishReason.STOP);
        assertThat(CompletionStream.map("eos_token")).contains(FinishReason.STOP);
        assertThat(CompletionStream.map("tool_calls")).contains(FinishReason.STOP);
        assertThat(CompletionStream.map("length")).contains(FinishReason.LENGTH);
        assertThat(CompletionStream.map("abort")).isEmpty();
    }
}
