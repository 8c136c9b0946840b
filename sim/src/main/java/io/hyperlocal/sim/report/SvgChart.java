package io.hyperlocal.sim.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Inline SVG charts drawn in Java: no script, no stylesheet, nothing fetched, so the report opens
 * on a machine without a network. Axes with ticks and units, a title and a legend on each chart.
 */
final class SvgChart {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int WIDTH = 860;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;

    /** One named line. */
    record Series(String name, double[] values) {
        Series {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(values, "values is null");
        }
    }

    private SvgChart() {}

    /**
     * A line chart over minutes of simulated time, x labelled in hours.
     *
     * @param logScale a base-10 logarithmic y axis (latencies spanning orders of magnitude); values
     *     at or below 0 are left out
     */
    static String lines(String title, String yLabel, List<Series> series, boolean logScale) {
        int points = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        double[] range = positiveRange(series);
        double min = range[0];
        double max = range[1];
        StringBuilder svg = open(title);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double lo;
        double hi;
        if (logScale) {
            lo = min == Double.MAX_VALUE ? 0 : Math.floor(Math.log10(min));
            hi = max == 0 ? 1 : Math.max(lo + 1, Math.ceil(Math.log10(max)));
        } else {
            lo = 0;
            hi = niceCeiling(max);
        }
        // Y ticks.
        int ticks = logScale ? (int) (hi - lo) : 5;
        for (int t = 0; t <= ticks; t++) {
            double value = logScale ? Math.pow(10, lo + t) : hi * t / ticks;
            double y = TOP + plotHeight - plotHeight * t / ticks;
            svg.append(line(LEFT, y, LEFT + plotWidth, y, "#e0e0e0"));
            svg.append(text(LEFT - 6, y + 4, label(value), "end", 11));
        }
        // X ticks: hours.
        double hours = points / 60.0;
        double step = hours <= 2 ? 0.25 : hours <= 6 ? 1 : hours <= 24 ? 2 : Math.ceil(hours / 12);
        for (double h = 0; h <= hours + 1e-9; h += step) {
            double x = LEFT + (points <= 1 ? 0 : plotWidth * (h * 60) / (points - 1));
            if (x > LEFT + plotWidth + 0.5) {
                break;
            }
            svg.append(line(x, TOP + plotHeight, x, TOP + plotHeight + 4, "#444"));
            svg.append(text(x, TOP + plotHeight + 17, hourLabel(h), "middle", 11));
        }
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "#444"));
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "#444"));
        svg.append(text(LEFT + plotWidth / 2, HEIGHT - 8, "simulated time (h:mm)", "middle", 12));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" font-size=\"12\">%s</text>",
                TOP + plotHeight / 2, TOP + plotHeight / 2, HtmlReport.escape(yLabel)));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int p = 0; p < s.values().length; p++) {
                double v = s.values()[p];
                if (logScale && v <= 0) {
                    pen = false;
                    continue;
                }
                double share = logScale ? (Math.log10(v) - lo) / (hi - lo) : (hi == 0 ? 0 : v / hi);
                double x = LEFT + (points <= 1 ? 0 : plotWidth * p / (points - 1));
                double y = TOP + plotHeight - plotHeight * Math.max(0, Math.min(1, share));
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
            }
            svg.append("<path fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" d=\"")
                    .append(path).append("\"/>");
            legend(svg, i, s.name(), color);
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Grouped bars: one group per category (a policy), one bar per series (p50, p90, p99) in each.
     *
     * @param logScale a base-10 logarithmic y axis; bars at or below 0 are drawn empty
     */
    static String bars(String title, String yLabel, List<String> categories, List<Series> series, boolean logScale) {
        double[] range = positiveRange(series);
        double min = range[0];
        double max = range[1];
        StringBuilder svg = open(title);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double lo = logScale ? (min == Double.MAX_VALUE ? 0 : Math.floor(Math.log10(min))) : 0;
        double hi = logScale ? (max == 0 ? 1 : Math.max(lo + 1, Math.ceil(Math.log10(max)))) : niceCeiling(max);
        int ticks = logScale ? (int) (hi - lo) : 5;
        for (int t = 0; t <= ticks; t++) {
            double value = logScale ? Math.pow(10, lo + t) : hi * t / ticks;
            double y = TOP + plotHeight - plotHeight * t / ticks;
            svg.append(line(LEFT, y, LEFT + plotWidth, y, "#e0e0e0"));
            svg.append(text(LEFT - 6, y + 4, label(value), "end", 11));
        }
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "#444"));
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "#444"));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\" font-size=\"12\">%s</text>",
                TOP + plotHeight / 2, TOP + plotHeight / 2, HtmlReport.escape(yLabel)));
        double group = plotWidth / Math.max(1, categories.size());
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupLeft = LEFT + group * c + group * 0.1;
            svg.append(text(groupLeft + group * 0.4, TOP + plotHeight + 17, categories.get(c), "middle", 11));
            for (int i = 0; i < series.size(); i++) {
                double v = series.get(i).values()[c];
                double share = v <= 0 ? 0 : logScale ? (Math.log10(v) - lo) / (hi - lo) : v / hi;
                share = Math.max(0, Math.min(1, share));
                double h = plotHeight * share;
                double x = groupLeft + bar * i;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>",
                        x, TOP + plotHeight - h, bar * 0.92, h, COLORS[i % COLORS.length],
                        HtmlReport.escape(categories.get(c)), HtmlReport.escape(series.get(i).name()), label(v)));
                svg.append(text(x + bar * 0.46, TOP + plotHeight - h - 3, label(v), "middle", 9));
            }
        }
        for (int i = 0; i < series.size(); i++) {
            legend(svg, i, series.get(i).name(), COLORS[i % COLORS.length]);
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" role=\"img\"><title>%s</title>",
                WIDTH, HEIGHT, WIDTH, HEIGHT, HtmlReport.escape(title)));
        svg.append(text(LEFT, 20, title, "start", 14).replace("<text ", "<text font-weight=\"bold\" "));
        return svg;
    }

    private static void legend(StringBuilder svg, int index, String name, String color) {
        double x = WIDTH - RIGHT + 14;
        double y = TOP + 8 + index * 18;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>", x,
                y - 10, color));
        svg.append(text(x + 18, y, name, "start", 11));
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x1, y1,
                x2, y2, color);
    }

    private static String text(double x, double y, String content, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>", x, y,
                anchor, size, HtmlReport.escape(content));
    }

    static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String label(double value) {
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", value / 1e6);
        }
        if (abs >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 1) {
            return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.3g", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    private static String hourLabel(double hours) {
        long minutes = Math.round(hours * 60);
        return String.format(Locale.ROOT, "%d:%02d", minutes / 60, minutes % 60);
    }

    /** The smallest and largest positive values of all series: {MAX_VALUE, 0} when there are none. */
    private static double[] positiveRange(List<Series> series) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            for (double v : s.values()) {
                if (v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        return new double[] {min, max};
    }
}
