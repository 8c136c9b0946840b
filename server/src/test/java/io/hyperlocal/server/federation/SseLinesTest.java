package io.hyperlocal.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SseLinesTest {

    /** However the body is cut into chunks, the lines are those of the whole body. */
    @Property
    void chunkBoundariesDoNotChangeTheLines(@ForAll("bodies") String body,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 400) Integer> cuts) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> whole = lines(List.of(bytes));

        List<byte[]> chunks = new ArrayList<>();
        int start = 0;
        for (int cut : cuts.stream().map(c -> Math.min(c, bytes.length)).sorted().toList()) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, start, Math.max(start, cut)));
            start = Math.max(start, cut);
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));

        assertThat(lines(chunks)).isEqualTo(whole).isEqualTo(expected(body));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.of("data: {\"x\":\"é€😀\"}", "", "\r", "\n", "\r\n", ": keep-alive", "event: error", "data: [DONE]")
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    private static List<String> lines(List<byte[]> chunks) {
        List<String> lines = new ArrayList<>();
        SseLines reader = new SseLines(lines::add);
        chunks.forEach(chunk -> reader.feed(Buffer.buffer(chunk)));
        reader.finish();
        return lines;
    }

    /** The SSE rule, on characters: CRLF, LF and CR end a line; text after the last one is a line too. */
    private static List<String> expected(String body) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                line.append(c);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
