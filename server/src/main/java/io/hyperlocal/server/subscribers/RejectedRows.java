package io.hyperlocal.server.subscribers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The rejected file of an import, {@code line,reason,row} in CSV, written from the staging table by
 * line through a cursor, so that a file of rejects is never held in memory.
 */
final class RejectedRows {
    private RejectedRows() {}

    /** Writes every rejected row, by line, to {@code partial}; keeps the first few; returns how many there are. */
    static long write(Connection connection, Path partial, List<Rejection> first)
            throws SQLException, IOException {
        long count = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                        "select line, reason, raw from import_row where reason is not null order by line");
                BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            statement.setFetchSize(10_000); // a cursor: a file of rejects is not held in memory
            out.write("line,reason,row\n");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Rejection rejection = new Rejection(rows.getLong(1), rows.getString(2), rows.getString(3));
                    if (first.size() < SubscriberImport.SHOWN_REJECTIONS) {
                        first.add(rejection);
                    }
                    out.write(rejection.line() + "," + csvField(rejection.reason()) + "," + csvField(rejection.row()) + "\n");
                    count++;
                }
            }
        }
        return count;
    }

    /** A CSV field, quoted when it must be (RFC 4180). */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
