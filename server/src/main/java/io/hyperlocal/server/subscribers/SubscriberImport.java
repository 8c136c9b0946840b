package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.HyperlocalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Loads a subscriber CSV from the BSS into {@code subscriber}: new subscribers are inserted, changed
 * ones updated, identical ones left alone, so that importing the same file twice changes nothing the
 * second time. Each row is validated in Java ({@link Subscriber#of}); every row, good or rejected, is
 * streamed with {@code COPY} into a temporary staging table; the checks that need the whole file or
 * the database (an id twice in the file, an MSISDN twice in the file or already held by another
 * subscriber) run there in SQL, and one {@code insert ... on conflict (id) do update ... where ...
 * is distinct from ...} writes the result. Java holds one row at a time, PostgreSQL the rest, so a
 * file of any size is read in flat memory.
 *
 * <p>The whole import is one transaction, with writes to {@code subscriber} blocked (not reads)
 * from the duplicate checks on: it applies entirely or not at all, and the counts it reports are
 * exact. Rejected rows are written, with their line and reason, to the rejected file, replaced once
 * the transaction has committed.
 *
 * <p>Which row wins: for an id or an MSISDN that appears more than once in the file, the first row
 * is imported and the later ones are rejected. An MSISDN held in the database by another subscriber
 * is rejected even when the same file moves that subscriber to a new number: moving a number from
 * one subscriber to another takes two imports (or the admin API), so that a shifted column in one
 * export can never reassign numbers silently.
 */
public final class SubscriberImport {
    /** How many rejections the report carries (all are in the rejected file). */
    public static final int SHOWN_REJECTIONS = 20;
    private static final int REPORT_EVERY_ROWS = 512;

    private final Clock clock;
    private final ImportListener listener;

    /** @param clock gives the current year, the latest plausible birth year */
    public SubscriberImport(Clock clock, ImportListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
    }

    /** {@code subscribers.csv} is reported in {@code subscribers.rejected.csv}, beside it. */
    public static Path rejectedFileFor(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".rejected.csv");
    }

    /**
     * Imports {@code csv} (UTF-8) over {@code connection}, which must be a PostgreSQL connection on a
     * migrated schema; the connection's auto-commit is restored afterwards.
     *
     * @throws SubscriberImportException when the file cannot be read, is empty or has a bad header,
     *     or the database fails (nothing was changed then), or when the rejected file cannot be
     *     written once the import has committed (the message says so)
     */
    public ImportReport run(Connection connection, Path csv) {
        Path rejectedFile = rejectedFileFor(csv);
        Path partial = rejectedFile.resolveSibling(rejectedFile.getFileName() + ".part");
        try {
            boolean autoCommit = connection.getAutoCommit();
            bufferStagingInMemory(connection);
            connection.setAutoCommit(false);
            try {
                ImportReport report;
                try {
                    report = importInTransaction(connection, csv, rejectedFile, partial);
                    connection.commit();
                } catch (RuntimeException | SQLException | IOException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
                try {
                    Files.move(partial, rejectedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new SubscriberImportException("The subscribers of " + csv + " were imported (" + report.inserted()
                            + " inserted, " + report.updated() + " updated, " + report.unchanged() + " unchanged, "
                            + report.rejected() + " rejected), but the rejected rows could not be written to "
                            + rejectedFile + ": " + e + ". Make it writable and import the file again (nothing changes"
                            + " the second time) to get the list.", e);
                }
                return report;
            } finally {
                Files.deleteIfExists(partial);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SubscriberImportException("The database refused the import of " + csv + ": " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + "). Nothing was changed.", e);
        } catch (IOException e) {
            throw unreadable(csv, " or write " + rejectedFile, e);
        }
    }

    /** Why {@code csv} could not be read ({@code alsoWritten}: the other file that may be at fault). */
    private static SubscriberImportException unreadable(Path csv, String alsoWritten, IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> new SubscriberImportException("There is no file " + csv
                    + ". Give the path of the subscriber CSV.", e);
            case MalformedInputException malformed -> new SubscriberImportException(csv + " is not UTF-8 text ("
                    + e.getMessage() + "). Export it as UTF-8; nothing was changed.", e);
            default -> new SubscriberImportException("Cannot read " + csv + alsoWritten + ": " + e
                    + ". Nothing was changed.", e);
        };
    }

    private ImportReport importInTransaction(Connection connection, Path csv, Path rejectedFile, Path partial)
            throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            // The duplicate checks hash, and the upsert sorts, the whole file: in memory, not in temporary files.
            statement.execute("set local work_mem = '256MB'");
            statement.execute("create temporary table import_row (line bigint not null, id text, msisdn text,"
                    + " country text, birth_year integer, billing_account text, raw text not null, reason text)"
                    + " on commit drop");
        }
        long rows = stage(connection, csv);
        listener.step("Checking " + rows + " rows for duplicates");
        try (Statement statement = connection.createStatement()) {
            statement.execute("analyze import_row");
            // Grouping by hash finds the few repeated keys without sorting the whole file.
            statement.executeUpdate("""
                    update import_row r set reason = format('id %s appears again: it is already on line %s', r.id, d.first_line)
                    from (select id, min(line) as first_line from import_row where reason is null
                          group by id having count(*) > 1) d
                    where r.id = d.id and r.line <> d.first_line and r.reason is null""");
            // From here on no one else may write subscribers, so that the checks stay true until the commit.
            statement.execute("lock table subscriber in share row exclusive mode");
            statement.executeUpdate("""
                    update import_row r set reason = format('msisdn %s is already used on line %s (subscriber %s)',
                        r.msisdn, f.line, f.id)
                    from (select msisdn, min(line) as first_line from import_row where reason is null
                          group by msisdn having count(*) > 1) d
                    join import_row f on f.line = d.first_line
                    where r.msisdn = d.msisdn and r.line <> d.first_line and r.reason is null""");
            statement.executeUpdate("""
                    update import_row r set reason = format('msisdn %s already belongs to subscriber %s in the database;'
                        || ' change or delete that subscriber first', r.msisdn, s.id)
                    from subscriber s
                    where r.reason is null and s.msisdn = r.msisdn and s.id <> r.id""");
        }
        long inserted;
        long changed;
        listener.step("Writing to the subscriber table");
        try (Statement statement = connection.createStatement();
                // xmax is 0 on a freshly inserted row version and set on an updated one; rows left
                // unchanged by the "where ... is distinct from" are not returned at all.
                ResultSet counts = statement.executeQuery("""
                        with written as (
                            insert into subscriber (id, msisdn, country, birth_year, billing_account)
                            select id, msisdn, country, birth_year, billing_account from import_row where reason is null
                            order by id
                            on conflict (id) do update set msisdn = excluded.msisdn, country = excluded.country,
                                birth_year = excluded.birth_year, billing_account = excluded.billing_account,
                                updated_at = now()
                            where (subscriber.msisdn, subscriber.country, subscriber.birth_year, subscriber.billing_account)
                                is distinct from (excluded.msisdn, excluded.country, excluded.birth_year,
                                    excluded.billing_account)
                            returning xmax = 0 as fresh)
                        select count(*) filter (where fresh), count(*) filter (where not fresh) from written""")) {
            counts.next();
            inserted = counts.getLong(1);
            changed = counts.getLong(2);
        }
        List<Rejection> first = new ArrayList<>();
        long rejected = RejectedRows.write(connection, partial, first);
        return new ImportReport(inserted, changed, rows - rejected - inserted - changed, rejected, first, rejectedFile);
    }

    /**
     * Reads the header of {@code csv} alone, so that a wrong file is refused before a database is
     * started or reached for it; {@link #run} reads it again.
     *
     * @throws SubscriberImportException when the file cannot be read, is empty, or its header lacks a column
     */
    public static void checkHeader(Path csv) {
        try (CsvReader reader = utf8(Files.newInputStream(csv))) {
            header(reader, csv);
        } catch (IOException e) {
            throw unreadable(csv, "", e);
        }
    }

    /** A reader that refuses bytes that are not UTF-8 rather than replacing them. */
    private static CsvReader utf8(InputStream in) {
        return new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static ImportColumns header(CsvReader reader, Path csv) throws IOException {
        Optional<CsvRecord> header = reader.next();
        if (header.isEmpty()) {
            throw new SubscriberImportException(csv + " is empty: the first line must be the header "
                    + String.join(",", ImportColumns.KNOWN) + ". Nothing was imported.");
        }
        if (!(header.get() instanceof CsvRecord.Fields names)) {
            throw new SubscriberImportException(csv + ": the header line cannot be read: "
                    + ((CsvRecord.Malformed) header.get()).problem());
        }
        return ImportColumns.of(names.values(), csv.toString());
    }

    /** Streams the file into {@code import_row}; returns the number of rows. */
    private long stage(Connection connection, Path csv) throws SQLException, IOException {
        long totalBytes = Files.size(csv);
        CopyRows copy = new CopyRows(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "copy import_row (line, id, msisdn, country, birth_year, billing_account, raw, reason) from stdin"));
        long rows = 0;
        try (CountingInputStream counting = new CountingInputStream(Files.newInputStream(csv));
                CsvReader reader = utf8(counting)) {
            ImportColumns columns = header(reader, csv);
            for (Optional<CsvRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                stageRow(copy, next.get(), columns);
                rows++;
                if (rows % REPORT_EVERY_ROWS == 0) {
                    listener.reading(rows, counting.count(), totalBytes);
                }
            }
            listener.reading(rows, counting.count(), totalBytes);
        } catch (RuntimeException | IOException e) {
            copy.cancel();
            throw e;
        }
        copy.finish();
        return rows;
    }

    private void stageRow(CopyRows copy, CsvRecord record, ImportColumns columns) throws SQLException {
        String reason = switch (record) {
            case CsvRecord.Malformed malformed -> "malformed CSV: " + malformed.problem();
            case CsvRecord.Fields fields when fields.values().size() != columns.count() ->
                    (fields.values().size() < columns.count() ? "missing column: " : "too many fields: ") + "the row has "
                            + fields.values().size() + " fields, the header " + columns.count();
            case CsvRecord.Fields fields -> {
                try {
                    Subscriber subscriber = toSubscriber(fields.values(), columns);
                    copy.value(record.line()).value(subscriber.id()).value(subscriber.msisdn()).value(subscriber.country());
                    if (subscriber.knownBirthYear().isPresent()) {
                        copy.value(subscriber.birthYear());
                    } else {
                        copy.nullValue();
                    }
                    copy.value(subscriber.billingAccount()).value(record.raw()).nullValue().endRow();
                    yield null;
                } catch (HyperlocalException invalid) {
                    yield invalid.getMessage();
                }
            }
        };
        if (reason != null) {
            copy.value(record.line()).nullValue().nullValue().nullValue().nullValue().nullValue().value(record.raw())
                    .value(reason).endRow();
        }
    }

    private Subscriber toSubscriber(List<String> values, ImportColumns columns) {
        return Subscriber.of(values.get(columns.id()), values.get(columns.msisdn()), values.get(columns.country()),
                columns.birthYear() < 0 ? "" : values.get(columns.birthYear()), values.get(columns.billingAccount()),
                clock);
    }

    /**
     * Gives the session room to keep the staging table (about 150 bytes a row) in memory: with the
     * default 8 MB every pass over it goes through the file system. PostgreSQL allows this only
     * before the session's first temporary table, so a session that had one keeps its setting.
     */
    private static void bufferStagingInMemory(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return; // a failed SET would abort the caller's transaction
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("set temp_buffers = '256MB'");
        } catch (SQLException alreadyUsed) {
            // slower, not wrong
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
