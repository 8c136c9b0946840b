package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage journal: segments, rotation, re-opening after a crash, torn lines. */
class JournalTest {
    @TempDir
    Path directory;

    @Test
    void appendedLinesAreReadBackFromTheRotatedSegment() throws IOException {
        try (Journal journal = Journal.open(directory, FsyncPolicy.NEVER)) {
            journal.append("{\"a\":1}");
            journal.append("{\"b\":\"é\"}");
            assertThat(journal.closedSegments()).isEmpty();
            assertThat(journal.openRecords()).isEqualTo(2);
            assertThat(journal.rotate()).isTrue();
            assertThat(journal.rotate()).as("an empty open segment is not rotated").isFalse();
            List<Path> closed = journal.closedSegments();
            assertThat(closed).hasSize(1);
            Journal.Segment segment = Journal.read(closed.get(0));
            assertThat(segment.lines()).containsExactly("{\"a\":1}", "{\"b\":\"é\"}");
            assertThat(segment.tornTail()).isFalse();
            journal.delete(closed.get(0));
            assertThat(journal.closedSegments()).isEmpty();
        }
    }

    @Test
    void aReopenedJournalNeverAppendsToTheSegmentsOfAnEarlierProcess() throws IOException {
        Journal first = Journal.open(directory, FsyncPolicy.ALWAYS);
        first.append("one");
        // No close: the process died. The next one finds the segment closed and writes elsewhere.
        try (Journal second = Journal.open(directory, FsyncPolicy.NEVER)) {
            second.append("two");
            List<Path> closed = second.closedSegments();
            assertThat(closed).hasSize(1);
            assertThat(Journal.read(closed.get(0)).lines()).containsExactly("one");
            second.rotate();
            assertThat(second.closedSegments()).hasSize(2);
            assertThat(Journal.read(second.closedSegments().get(1)).lines()).containsExactly("two");
        }
    }

    @Test
    void aTornLastLineIsDroppedEvenInTheMiddleOfAUtf8Character() throws IOException {
        Journal first = Journal.open(directory, FsyncPolicy.NEVER);
        first.append("whole");
        Path segment;
        try (Journal second = Journal.open(directory, FsyncPolicy.NEVER)) {
            segment = second.closedSegments().get(0);
        }
        byte[] torn = "{\"subject\":\"Zoë".getBytes(StandardCharsets.UTF_8);
        Files.write(segment, Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);
        Journal.Segment read = Journal.read(segment);
        assertThat(read.lines()).containsExactly("whole");
        assertThat(read.tornTail()).isTrue();
    }

    @Test
    void aLineMayNotHoldALineBreakNorBeAppendedAfterClose() throws IOException {
        Journal journal = Journal.open(directory, FsyncPolicy.NEVER);
        assertThatThrownBy(() -> journal.append("a\nb")).isInstanceOf(IllegalArgumentException.class);
        journal.close();
        assertThatThrownBy(() -> journal.append("late")).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(journal.closedSegments()).as("an empty segment is removed on close").isEmpty();
    }

    @Test
    void aLineGivenAsBytesEndsWithItsOnlyLineBreak() throws IOException {
        try (Journal journal = Journal.open(directory, FsyncPolicy.NEVER)) {
            journal.appendLine("{\"c\":\"ü\"}\n".getBytes(StandardCharsets.UTF_8));
            journal.append("{\"d\":2}");
            for (String bad : List.of("", "no break", "a\nb\n", "a\rb\n")) {
                assertThatThrownBy(() -> journal.appendLine(bad.getBytes(StandardCharsets.UTF_8)))
                        .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("line break");
            }
            journal.rotate();
            assertThat(Journal.read(journal.closedSegments().get(0)).lines())
                    .containsExactly("{\"c\":\"ü\"}", "{\"d\":2}");
        }
    }

    /** Whatever the rotations, the closed segments hold every line once, in order. */
    @Property(tries = 50)
    void rotationsNeitherLoseNorRepeatNorReorderLines(
            @ForAll @Size(max = 40) List<@StringLength(min = 1, max = 30) String> words,
            @ForAll @Size(max = 40) List<Boolean> rotateAfter) throws IOException {
        Path folder = Files.createTempDirectory("journal-property");
        List<String> expected = new ArrayList<>();
        try (Journal journal = Journal.open(folder, FsyncPolicy.NEVER)) {
            for (int i = 0; i < words.size(); i++) {
                String line = words.get(i).replace('\n', ' ').replace('\r', ' ') + "#" + i;
                journal.append(line);
                expected.add(line);
                if (i < rotateAfter.size() && rotateAfter.get(i)) {
                    journal.rotate();
                }
            }
            journal.rotate();
            List<String> read = new ArrayList<>();
            for (Path segment : journal.closedSegments()) {
                read.addAll(Journal.read(segment).lines());
            }
            assertThat(read).containsExactlyElementsOf(expected);
            for (Path segment : journal.closedSegments()) {
                journal.delete(segment);
            }
        }
        Files.deleteIfExists(folder);
    }

    /**
     * Group commit: threads appending at once, while another rotates, each get their line written
     * exactly once and whole, and each thread's lines keep their order.
     */
    @Test
    void concurrentAppendsWithRotationsLoseNothingAndKeepEachThreadsOrder() throws Exception {
        int threads = 8;
        int perThread = 2000;
        try (Journal journal = Journal.open(directory, FsyncPolicy.NEVER)) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean appending = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            journal.append("{\"thread\":" + thread + ",\"i\":" + i + "}");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread rotator = Thread.ofPlatform().start(() -> {
                while (appending.get()) {
                    try {
                        journal.rotate();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    Thread.onSpinWait();
                }
            });
            start.countDown();
            for (Thread writer : writers) {
                writer.join();
            }
            appending.set(false);
            rotator.join();
            journal.rotate();
            int[] next = new int[threads];
            int lines = 0;
            for (Path segment : journal.closedSegments()) {
                Journal.Segment read = Journal.read(segment);
                assertThat(read.tornTail()).isFalse();
                for (String line : read.lines()) {
                    String[] fields = line.replaceAll("[^0-9,]", "").split(",");
                    int thread = Integer.parseInt(fields[0]);
                    assertThat(Integer.parseInt(fields[1])).as("thread %d's next line", thread).isEqualTo(next[thread]);
                    next[thread]++;
                    lines++;
                }
            }
            assertThat(lines).isEqualTo(threads * perThread);
        }
    }
}
