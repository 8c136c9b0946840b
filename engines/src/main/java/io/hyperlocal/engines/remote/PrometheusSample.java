package io.hyperlocal.engines.remote;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One sample line of the Prometheus text format:
 * {@code name{label="value",...} value [timestamp]}, with label values escaping {@code \\},
 * {@code \"} and {@code \n}, and Go's float syntax ({@code NaN}, {@code +Inf}, {@code -Inf}, exponents).
 *
 * @param name the metric name
 * @param labels label names to unescaped values
 * @param value the sample value, NaN and infinities included
 */
record PrometheusSample(String name, Map<String, String> labels, double value) {

    /**
     * Reads {@code line}: empty for a blank line, a comment, or a sample whose metric {@code wanted}
     * rejects (checked on the name alone, so other lines are never parsed further).
     *
     * @throws IllegalArgumentException naming {@code lineNumber} when a wanted sample is malformed
     */
    static Optional<PrometheusSample> parse(String line, int lineNumber, Predicate<String> wanted) {
        Cursor cursor = new Cursor(line, lineNumber);
        cursor.skipSpaces();
        if (cursor.atEnd() || cursor.peek() == '#') {
            return Optional.empty();
        }
        String name = cursor.name();
        if (name.isEmpty() || !wanted.test(name)) {
            return Optional.empty();
        }
        Map<String, String> labels = new TreeMap<>();
        cursor.skipSpaces();
        if (!cursor.atEnd() && cursor.peek() == '{') {
            cursor.next();
            readLabels(cursor, labels);
        }
        cursor.skipSpaces();
        double value = parseValue(cursor.token(), cursor);
        cursor.skipSpaces();
        if (!cursor.atEnd()) {
            String timestamp = cursor.token();
            // Milliseconds in the text format, seconds with a fraction in OpenMetrics: either is a number.
            parseValue(timestamp, cursor);
        }
        cursor.skipSpaces();
        if (!cursor.atEnd()) {
            throw cursor.error("unexpected text after the value");
        }
        return Optional.of(new PrometheusSample(name, labels, value));
    }

    private static void readLabels(Cursor cursor, Map<String, String> labels) {
        while (true) {
            cursor.skipSpaces();
            if (cursor.atEnd()) {
                throw cursor.error("unclosed label set");
            }
            if (cursor.peek() == '}') {
                cursor.next();
                return;
            }
            String label = cursor.name();
            if (label.isEmpty()) {
                throw cursor.error("expected a label name");
            }
            cursor.skipSpaces();
            cursor.expect('=');
            cursor.skipSpaces();
            labels.put(label, cursor.quoted());
            cursor.skipSpaces();
            if (!cursor.atEnd() && cursor.peek() == ',') {
                cursor.next();
            } else if (cursor.atEnd() || cursor.peek() != '}') {
                throw cursor.error("expected ',' or '}' after label " + label);
            }
        }
    }

    private static double parseValue(String text, Cursor cursor) {
        switch (text) {
            case "NaN" -> {
                return Double.NaN;
            }
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                // Double.parseDouble would also take Java's "Infinity", hex floats and 'd'/'f' suffixes.
                if (text.isEmpty() || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || "+-.eE".indexOf(c) >= 0)) {
                    throw cursor.error("not a number: '" + text + "'");
                }
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw cursor.error("not a number: '" + text + "'");
                }
            }
        }
    }

    /** A position in one line. */
    private static final class Cursor {
        private final String line;
        private final int lineNumber;
        private int position;

        Cursor(String line, int lineNumber) {
            this.line = line;
            this.lineNumber = lineNumber;
        }

        boolean atEnd() {
            return position >= line.length();
        }

        char peek() {
            return line.charAt(position);
        }

        void next() {
            position++;
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        void expect(char wanted) {
            if (atEnd() || peek() != wanted) {
                throw error("expected '" + wanted + "'");
            }
            position++;
        }

        /** A metric or label name: letters, digits, '_' and ':'; empty when none starts here. */
        String name() {
            int start = position;
            while (!atEnd()) {
                char c = peek();
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
                if (!(letter || (position > start && c >= '0' && c <= '9'))) {
                    break;
                }
                position++;
            }
            return line.substring(start, position);
        }

        /** The text up to the next space or tab. */
        String token() {
            int start = position;
            while (!atEnd() && peek() != ' ' && peek() != '\t') {
                position++;
            }
            return line.substring(start, position);
        }

        String quoted() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("unclosed label value");
                }
                char c = line.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw error("unfinished escape in a label value");
                    }
                    char escaped = line.charAt(position++);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case '\\', '"' -> escaped;
                        default -> throw error("unknown escape '\\" + escaped + "' in a label value");
                    });
                } else {
                    value.append(c);
                }
            }
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("Malformed Prometheus sample on line " + lineNumber + " at column "
                    + (position + 1) + ": " + problem + ": " + line);
        }
    }
}
