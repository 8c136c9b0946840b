package io.hyperlocal.server.subscribers;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads CSV (RFC 4180) one record at a time, so that a file of millions of rows is read in constant
 * memory: fields separated by commas, records by LF or CRLF; a field in double quotes may hold
 * commas, line breaks and doubled quotes ({@code ""}). Blank lines are skipped, a byte order mark at
 * the start is ignored. A record that breaks the quoting rules is returned as
 * {@link CsvRecord.Malformed}, and reading goes on with the next line, so one bad row never hides
 * the others. Every record knows the line it starts on, for error reports.
 *
 * <p>This is the import's hot loop: it reads characters from its own buffer rather than through
 * {@link Reader#read()}, which costs a synchronised call per character.
 */
final class CsvReader implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final int EOF = -1;

    private final Reader reader;
    private final char[] buffer = new char[BUFFER];
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;

    CsvReader(Reader reader) {
        this.reader = Objects.requireNonNull(reader, "reader is null");
    }

    /** The next record, or empty at the end of the file. */
    Optional<CsvRecord> next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        while (true) {
            int first = peek();
            if (first == EOF) {
                return Optional.empty();
            }
            if (first == '\n' || first == '\r') { // a blank line
                read();
                endOfLine(first);
                continue;
            }
            return Optional.of(record());
        }
    }

    private CsvRecord record() throws IOException {
        long start = line;
        List<String> values = new ArrayList<>(8);
        StringBuilder raw = new StringBuilder(96);
        StringBuilder field = new StringBuilder(24);
        String problem = null;
        boolean quoted = false; // inside a quoted field
        boolean closed = false; // a quoted field's closing quote was read
        long openedOn = 0;
        while (true) {
            int c = read();
            if (c == EOF) {
                if (quoted) {
                    problem = "a quoted field opened on line " + openedOn + " is never closed";
                }
                break;
            }
            if (quoted) {
                raw.append((char) c);
                if (c == '"') {
                    if (peek() == '"') {
                        raw.append((char) read());
                        field.append('"');
                    } else {
                        quoted = false;
                        closed = true;
                    }
                } else {
                    if (c == '\n' || c == '\r' && peek() != '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                break;
            }
            raw.append((char) c);
            if (c == ',') {
                values.add(field.toString());
                field.setLength(0);
                closed = false;
            } else if (c == '"' && field.isEmpty() && !closed) {
                quoted = true;
                openedOn = line;
            } else if (problem == null && closed) {
                problem = "text follows the closing quote of field " + (values.size() + 1);
            } else if (problem == null && c == '"') {
                problem = "a quote inside unquoted field " + (values.size() + 1) + " (quote the whole field and double the quote)";
            } else {
                field.append((char) c);
            }
        }
        values.add(field.toString());
        if (problem != null) {
            return new CsvRecord.Malformed(start, problem, raw.toString());
        }
        return new CsvRecord.Fields(start, values, raw.toString());
    }

    /** Counts the line that {@code c} ended, taking the LF of a CRLF with it. */
    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int count;
        do {
            count = reader.read(buffer, 0, BUFFER);
        } while (count == 0);
        if (count < 0) {
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
