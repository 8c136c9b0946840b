package io.hyperlocal.server.metering;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves the journal's closed segments into the ledger, oldest first: reads a segment, inserts its
 * records in batches, deletes it. A crash anywhere in between leaves the segment, which the next
 * pass ships again; the ledger's unique key makes that second pass insert nothing.
 *
 * <p>Not thread-safe: one shipper per journal, called from one thread at a time.
 */
public final class JournalShipper {
    private static final Logger LOG = Logger.getLogger(JournalShipper.class);
    /** An open segment this large is rotated even while older segments wait (the database is down). */
    static final long MAX_OPEN_BYTES = 16L << 20;

    private final Journal journal;
    private final LedgerWriter writer;
    private final int batchSize;

    /** What one pass did. */
    public record Pass(int segments, int records, int inserted, int tornLines, int malformedLines) {
        static final Pass NONE = new Pass(0, 0, 0, 0, 0);

        public int duplicates() {
            return records - inserted;
        }

        Pass plus(Pass other) {
            return new Pass(segments + other.segments, records + other.records, inserted + other.inserted,
                    tornLines + other.tornLines, malformedLines + other.malformedLines);
        }
    }

    public JournalShipper(Journal journal, LedgerWriter writer, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.journal = journal;
        this.writer = writer;
        this.batchSize = batchSize;
    }

    /**
     * Rotates the open segment (unless older ones still wait and it is small) and ships every closed
     * segment. Stops at the first failure, leaving that segment and the later ones for the next pass.
     */
    public Pass ship() throws IOException, SQLException {
        List<Path> waiting = journal.closedSegments();
        if (waiting.isEmpty() || journal.openBytes() >= MAX_OPEN_BYTES) {
            if (journal.rotate()) {
                waiting = journal.closedSegments();
            }
        }
        Pass total = Pass.NONE;
        for (Path segment : waiting) {
            total = total.plus(shipSegment(segment));
        }
        return total;
    }

    private Pass shipSegment(Path path) throws IOException, SQLException {
        List<LedgerWriter.Entry> batch = new ArrayList<>(Math.min(batchSize, 1024));
        int records = 0;
        int inserted = 0;
        int malformed = 0;
        boolean torn;
        // Line by line: only one batch of a segment is in memory at a time.
        try (SegmentLines lines = SegmentLines.open(path)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                records++;
                UsageRecord record;
                try {
                    record = UsageEvents.read(line);
                } catch (IllegalArgumentException e) {
                    malformed++;
                    reject(path, line, e);
                    continue;
                }
                batch.add(new LedgerWriter.Entry(record, line));
                if (batch.size() == batchSize) {
                    inserted += writer.insert(batch);
                    batch.clear();
                }
            }
            torn = lines.tornTail();
        }
        if (torn) {
            // The process died while writing this line: its request never got its answer.
            LOG.warnf("Usage journal %s ends with a torn line, left out (its request was not answered)", path);
        }
        inserted += writer.insert(batch);
        journal.delete(path);
        return new Pass(1, records - malformed, inserted, torn ? 1 : 0, malformed);
    }

    /** A line that is not a usage event is set aside in {@code rejected.jsonl} for a person to look at. */
    private void reject(Path segment, String line, IllegalArgumentException why) throws IOException {
        LOG.errorf("Usage journal %s holds a line that is not a usage event (%s); it is kept in rejected.jsonl: %s",
                segment, why.getMessage(), line.length() > 200 ? line.substring(0, 200) + "..." : line);
        Files.writeString(journal.directory().resolve("rejected.jsonl"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
