package io.hyperlocal.server.metering;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The gateway's local, append-only usage journal: segment files {@code usage-<number>.jsonl} in one
 * folder, one usage event per line. Requests append to the open segment; the shipper
 * {@linkplain #rotate() rotates} it and reads only closed segments, which it deletes once they are in
 * the ledger.
 *
 * <p>A new journal never appends to a segment left by an earlier process: it opens the next
 * number. A torn line (the process died in the middle of a {@code write()}) can then only be the
 * last line of a closed segment, and {@link #read} drops it: its request had not been answered.
 *
 * <p>Thread-safe: appends and rotations take the journal's lock.
 */
public final class Journal implements AutoCloseable {
    private static final Pattern SEGMENT = Pattern.compile("usage-(\\d{20})\\.jsonl");

    private final Path directory;
    private final FsyncPolicy fsync;
    private long number;
    private FileChannel current;
    private long currentBytes;
    private long currentRecords;
    private boolean closed;

    /** What a closed segment holds: its whole lines, and whether a torn last line was dropped. */
    public record Segment(Path path, List<String> lines, boolean tornTail) {
        public Segment {
            lines = List.copyOf(lines);
        }
    }

    private Journal(Path directory, FsyncPolicy fsync, long number) throws IOException {
        this.directory = directory;
        this.fsync = fsync;
        this.number = number;
        this.current = open(number);
    }

    /** Opens the journal in {@code directory} (created if missing), on a new segment after the existing ones. */
    public static Journal open(Path directory, FsyncPolicy fsync) throws IOException {
        Files.createDirectories(directory);
        long last = 0;
        for (Path segment : segments(directory)) {
            last = Math.max(last, numberOf(segment));
        }
        return new Journal(directory, fsync, last + 1);
    }

    /**
     * Appends one line (a line break is added) with one {@code write()}, flushed to the disk when
     * the policy says so. Returns once the kernel has the bytes.
     *
     * @throws IOException when the bytes could not be written: the record is not durable
     */
    public void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            if (closed) {
                throw new IOException("the usage journal in " + directory + " is closed (the server is stopping)");
            }
            int length = bytes.remaining();
            while (bytes.hasRemaining()) {
                current.write(bytes);
            }
            if (fsync == FsyncPolicy.ALWAYS) {
                current.force(false);
            }
            currentBytes += length;
            currentRecords++;
        }
    }

    /** Bytes and records appended to the open segment so far. */
    public synchronized long openBytes() {
        return currentBytes;
    }

    public synchronized long openRecords() {
        return currentRecords;
    }

    /**
     * Closes the open segment, when it holds anything, and opens the next one. Returns whether a
     * segment was closed.
     */
    public synchronized boolean rotate() throws IOException {
        if (closed || currentBytes == 0) {
            return false;
        }
        // Closed segments are shipped from the disk: what was written must be there, whatever the policy.
        current.force(false);
        current.close();
        number++;
        current = open(number);
        currentBytes = 0;
        currentRecords = 0;
        return true;
    }

    /** The closed segments, oldest first: those of earlier processes and those rotated since. */
    public List<Path> closedSegments() throws IOException {
        long open;
        synchronized (this) {
            open = closed ? Long.MAX_VALUE : number;
        }
        List<Path> result = new ArrayList<>();
        for (Path segment : segments(directory)) {
            if (numberOf(segment) < open) {
                result.add(segment);
            }
        }
        return result;
    }

    /** Reads a closed segment; a last line without its line break is torn and dropped. */
    public static Segment read(Path segment) throws IOException {
        // Split on the byte, not on decoded text: a torn line may end in the middle of a UTF-8 sequence.
        byte[] bytes = Files.readAllBytes(segment);
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
        return new Segment(segment, lines, start < bytes.length);
    }

    /** Deletes a segment once its records are in the ledger. */
    public void delete(Path segment) throws IOException {
        Files.deleteIfExists(segment);
    }

    public Path directory() {
        return directory;
    }

    /** Closes the open segment (flushed); later appends fail. An empty open segment is removed. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        current.force(false);
        current.close();
        if (currentBytes == 0) {
            Files.deleteIfExists(path(number));
        }
    }

    private FileChannel open(long segmentNumber) throws IOException {
        return FileChannel.open(path(segmentNumber), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private Path path(long segmentNumber) {
        return directory.resolve("usage-%020d.jsonl".formatted(segmentNumber));
    }

    private static List<Path> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> SEGMENT.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private static long numberOf(Path segment) {
        Matcher matcher = SEGMENT.matcher(segment.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a journal segment: " + segment);
        }
        return Long.parseLong(matcher.group(1));
    }
}
