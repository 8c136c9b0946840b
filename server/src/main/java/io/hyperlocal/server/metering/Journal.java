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
import java.util.concurrent.ConcurrentLinkedQueue;
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
    /** Lines waiting for the next batch write. */
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
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
     * Appends one line (a line break is added), flushed to the disk when the policy says so. Returns
     * once the kernel has the bytes.
     *
     * <p>Group commit: a caller queues its line, then whoever holds the journal's lock writes every
     * queued line with one gathering {@code write()} (and one {@code fsync} with
     * {@link FsyncPolicy#ALWAYS}); a caller whose line a previous holder wrote returns as soon as it
     * gets the lock. Under load the lock then changes hands without a system call inside it, instead
     * of queueing every request thread behind one {@code write()} each (a convoy that the gateway
     * benchmark showed holding a dozen threads at a time on two cores). The lines of one batch are
     * consecutive and whole; a crash in the middle of a batch tears at most its last line, whose
     * caller had not returned.
     *
     * @throws IOException when the bytes could not be written: the record is not durable
     */
    public void append(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one line given as UTF-8 bytes that end with its line break ({@code \n}) and hold no
     * other; otherwise as {@link #append(String)}. The array must not change afterwards.
     */
    public void appendLine(byte[] line) throws IOException {
        int last = line.length - 1;
        if (last < 0 || line[last] != '\n') {
            throw new IllegalArgumentException("a journal line must end with its line break");
        }
        for (int i = 0; i < last; i++) {
            if (line[i] == '\n' || line[i] == '\r') {
                throw new IllegalArgumentException("a journal line must not contain a line break");
            }
        }
        write(line);
    }

    private void write(byte[] line) throws IOException {
        Pending mine = new Pending(ByteBuffer.wrap(line));
        queued.add(mine);
        synchronized (this) {
            if (!mine.written) {
                writeQueued();
            }
        }
        if (mine.failure != null) {
            throw new IOException(mine.failure.getMessage(), mine.failure);
        }
    }

    /** One queued line; its fields are written and read under the journal's lock. */
    private static final class Pending {
        final ByteBuffer bytes;
        boolean written;
        IOException failure;

        Pending(ByteBuffer bytes) {
            this.bytes = bytes;
        }
    }

    /** Writes every queued line as one batch; called with the lock held. */
    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next; (next = queued.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[batch.size()];
        long length = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = batch.get(i).bytes;
            length += buffers[i].remaining();
        }
        IOException failure = null;
        try {
            if (closed) {
                throw new IOException("the usage journal in " + directory + " is closed (the server is stopping)");
            }
            if (buffers.length == 1) {
                // Uncontended: the plain write, without the gathering call's array bookkeeping.
                while (buffers[0].hasRemaining()) {
                    current.write(buffers[0]);
                }
            } else {
                long left = length;
                while (left > 0) {
                    left -= current.write(buffers);
                }
            }
            if (fsync == FsyncPolicy.ALWAYS) {
                current.force(false);
            }
            currentBytes += length;
            currentRecords += batch.size();
        } catch (IOException e) {
            failure = e;
        }
        for (Pending pending : batch) {
            pending.failure = failure;
            pending.written = true;
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
    public boolean rotate() throws IOException {
        FileChannel full;
        synchronized (this) {
            if (closed || currentBytes == 0) {
                return false;
            }
            full = current;
            current = open(number + 1);
            number++;
            currentBytes = 0;
            currentRecords = 0;
        }
        // Closed, not flushed. The shipper reads the segment back through the page cache, which has every
        // byte a returned write() put there, and deletes it once PostgreSQL has committed its records.
        // A flush here would promise nothing the policy does not: with ALWAYS each append was flushed
        // already, with NEVER the open segment is not either. It cost a disk flush per pass, and on
        // ext4 a flush commits the filesystem's journal, which the gateway's own appends then wait for.
        full.close();
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

    /**
     * Reads a closed segment whole; a last line without its line break is torn and dropped. The
     * shipper reads line by line instead ({@link SegmentLines}).
     */
    public static Segment read(Path segment) throws IOException {
        List<String> lines = new ArrayList<>();
        try (SegmentLines reader = SegmentLines.open(segment)) {
            for (String line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
            return new Segment(segment, lines, reader.tornTail());
        }
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
