package io.hyperlocal.sim.plan;

import java.util.ArrayList;
import java.util.List;

/** A table of text with aligned columns: numbers right-aligned, words left-aligned. */
final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headers ending in {@code >} are right-aligned (the marker is dropped). */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].endsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i]);
        }
    }

    TextTable row(String... cells) {
        if (cells.length != headers.size()) throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        rows.add(List.of(cells));
        return this;
    }

    List<String> headers() {
        return headers;
    }

    List<List<String>> rows() {
        return rows;
    }

    boolean rightAligned(int column) {
        return rightAligned[column];
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) widths[c] = Math.max(widths[c], row.get(c).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) rule.add("-".repeat(w));
        line(out, rule, widths);
        for (List<String> row : rows) line(out, row, widths);
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) line.append("  ");
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(rightAligned[c] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
