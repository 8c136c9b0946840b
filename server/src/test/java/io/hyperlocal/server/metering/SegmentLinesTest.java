package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** A segment read line by line through a buffer gives what splitting the whole file gives. */
class SegmentLinesTest {
    @Property(tries = 300)
    void lineByLineIsTheWholeFileSplitOnLineBreaks(
            @ForAll @Size(max = 40) List<@StringLength(max = 30) String> lines,
            @ForAll @IntRange(max = 5) int tornBytes, @ForAll @IntRange(max = 3) int longLineAt) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            // Lines longer than the 64 KiB buffer, at times; a generated string may hold line breaks of its own.
            String line = i == longLineAt ? "x".repeat(70_000 * (i + 1)) + lines.get(i) : lines.get(i);
            file.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        // A torn tail: the first bytes of a line, cut anywhere, in a multi-byte character too.
        byte[] tail = "{\"é€😀\":1}".getBytes(StandardCharsets.UTF_8);
        file.write(tail, 0, tornBytes);
        byte[] bytes = file.toByteArray();
        Path segment = Files.createTempFile("segment", ".jsonl");
        try {
            Files.write(segment, bytes);
            List<String> read = new ArrayList<>();
            boolean torn;
            try (SegmentLines reader = SegmentLines.open(segment)) {
                for (String line = reader.next(); line != null; line = reader.next()) {
                    read.add(line);
                }
                torn = reader.tornTail();
                assertThat(reader.next()).isNull();
            }
            assertThat(read).isEqualTo(split(bytes));
            assertThat(torn).isEqualTo(tornBytes > 0);
        } finally {
            Files.delete(segment);
        }
    }

    @Test
    void anEmptySegmentHasNoLinesAndNoTornTail() throws IOException {
        Path segment = Files.createTempFile("segment", ".jsonl");
        try (SegmentLines reader = SegmentLines.open(segment)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.tornTail()).isFalse();
        } finally {
            Files.delete(segment);
        }
    }

    /** The oracle: the whole file split on the byte {@code \n}, empty lines and an unfinished last line left out. */
    private static List<String> split(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (i > start) {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return lines;
    }
}
