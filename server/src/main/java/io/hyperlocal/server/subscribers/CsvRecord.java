package io.hyperlocal.server.subscribers;

import java.util.List;
import java.util.Objects;

/** One record of a CSV file, as {@link CsvReader} read it. */
sealed interface CsvRecord {
    /** The line of the file the record starts on, from 1 (a quoted field may span several lines). */
    long line();

    /** The record's text as it stands in the file, without its line break. */
    String raw();

    /** A well-formed record. */
    record Fields(long line, List<String> values, String raw) implements CsvRecord {
        public Fields {
            values = List.copyOf(Objects.requireNonNull(values, "values is null"));
            Objects.requireNonNull(raw, "raw is null");
        }
    }

    /** A record that breaks the CSV quoting rules; {@code problem} says how. */
    record Malformed(long line, String problem, String raw) implements CsvRecord {
        public Malformed {
            Objects.requireNonNull(problem, "problem is null");
            Objects.requireNonNull(raw, "raw is null");
        }
    }
}
