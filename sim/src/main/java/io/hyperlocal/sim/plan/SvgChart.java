package io.hyperlocal.sim.plan;

import io.hyperlocal.sim.report.HtmlReport;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Inline SVG charts for plan.html, drawn by hand so the page needs nothing from the network: stacked
 * bars per category, and a line chart of cost per million tokens against volume with the API price.
 */
final class SvgChart {
    static final String[] COLOURS = {"#2f6db5", "#e08a1e", "#3a9d5d", "#c0392b", "#8e5ea2", "#7f8c8d"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 340;
    private static final int LEFT = 90;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SvgChart() {}

    /** A series of a stacked bar chart: one value per category. */
    record Series(String name, double[] values) {}

    static String stackedBars(String title, String yLabel, List<String> categories, List<Series> series,
            DoubleFunction<String> tickFormat) {
        return stackedBars(title, yLabel, categories, series, tickFormat, tickFormat);
    }

    /** As above, with the axis's ticks in {@code axisFormat} (shorter: the axis has 90 px for them). */
    static String stackedBars(String title, String yLabel, List<String> categories, List<Series> series,
            DoubleFunction<String> tickFormat, DoubleFunction<String> axisFormat) {
        double max = 0;
        for (int c = 0; c < categories.size(); c++) {
            double sum = 0;
            for (Series s : series) sum += s.values()[c];
            max = Math.max(max, sum);
        }
        double[] ticks = ticks(max);
        double top = ticks[ticks.length - 1];
        StringBuilder svg = open(title);
        yAxis(svg, ticks, top, yLabel, axisFormat);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double slot = (double) plotWidth / categories.size();
        double barWidth = Math.min(60, slot * 0.6);
        for (int c = 0; c < categories.size(); c++) {
            double x = LEFT + slot * c + (slot - barWidth) / 2;
            double base = 0;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (v <= 0) continue;
                double y0 = y(base, top);
                double y1 = y(base + v, top);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s, %s: %s</title></rect>%n", x, y1, barWidth, y0 - y1, COLOURS[s % COLOURS.length],
                        HtmlReport.escape(categories.get(c)), HtmlReport.escape(series.get(s).name()), HtmlReport.escape(tickFormat.apply(v))));
                base += v;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    x + barWidth / 2, y(base, top) - 4, HtmlReport.escape(tickFormat.apply(base))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
                    x + barWidth / 2, HEIGHT - BOTTOM + 18, HtmlReport.escape(categories.get(c))));
        }
        for (int s = 0; s < series.size(); s++) legend(svg, s, series.get(s).name(), COLOURS[s % COLOURS.length], false);
        return svg.append("</svg>\n").toString();
    }

    /**
     * Cost per million tokens (annual cost fixed) against the yearly volume as a share of the plan,
     * with the API price as a horizontal line, the break-even and the plan marked, and the fleet's
     * capacity at its target utilisation as a dashed vertical line.
     */
    static String breakEven(String currency, double annualCost, double plannedTokens, double apiPrice, double capacityShare) {
        double breakEvenShare = apiPrice > 0 ? annualCost / apiPrice * 1e6 / plannedTokens : Double.POSITIVE_INFINITY;
        // Wide enough for the break-even when there is one (no API price: none), at most 20 times the plan.
        double wanted = Double.isFinite(breakEvenShare) ? Math.max(1.5 * breakEvenShare, 1.2 * capacityShare) : 1.2 * capacityShare;
        double xMax = niceCeiling(Math.max(2.0, Math.min(20, wanted)));
        double costAtPlan = annualCost / (plannedTokens / 1e6);
        double yTop = Math.max(apiPrice, costAtPlan) * 3;
        double[] yTicks = ticks(yTop);
        yTop = yTicks[yTicks.length - 1];
        double top = yTop;
        StringBuilder svg = open("Cost per million tokens against yearly volume (fleet fixed)");
        yAxis(svg, yTicks, top, "cost per million tokens (" + currency + ")", v -> Formats.price(currency, v));
        double[] xTicks = ticks(xMax);
        for (double t : xTicks) {
            double x = xShare(t, xMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5, x, HEIGHT - BOTTOM + 18, Formats.percent(t, 0)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">"
                + "yearly volume, %% of the planned %s tokens</text>%n", LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 15,
                HtmlReport.escape(Formats.tokens(plannedTokens))));
        // The curve enters at the top edge where the cost falls to the axis's top, rather than running
        // flat along it, which would read as a plateau.
        double xMin = Math.max(xMax / 400, annualCost / (top * plannedTokens / 1e6));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i <= 200; i++) {
            double share = xMin + (xMax - xMin) * i / 200;
            double cost = Math.min(top, annualCost / (share * plannedTokens / 1e6));
            path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", xShare(share, xMax), y(cost, top)));
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(COLOURS[0]).append("\" stroke-width=\"2\"/>\n");
        double apiY = y(apiPrice, top);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                LEFT, apiY, WIDTH - RIGHT, apiY, COLOURS[1]));
        if (capacityShare <= xMax) {
            double cx = xShare(capacityShare, xMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>%n",
                    cx, TOP, cx, HEIGHT - BOTTOM, COLOURS[2]));
        }
        double px = xShare(1, xMax);
        // Below and left of the point: under the falling curve, clear of the capacity line to its right.
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>"
                + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">plan: %s</text>%n", px,
                y(Math.min(top, costAtPlan), top), COLOURS[0], px - 8, y(Math.min(top, costAtPlan), top) + 18,
                HtmlReport.escape(Formats.price(currency, costAtPlan))));
        if (breakEvenShare <= xMax) {
            double bx = xShare(breakEvenShare, xMax);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">break-even: %s of plan</text>%n",
                    bx, apiY, COLOURS[3], bx + 8, apiY - 10, HtmlReport.escape(Formats.percent(breakEvenShare, 0))));
        }
        legend(svg, 0, "own fleet", COLOURS[0], false);
        legend(svg, 1, "API " + Formats.price(currency, apiPrice), COLOURS[1], false);
        legend(svg, 2, "fleet capacity", COLOURS[2], true);
        legend(svg, 3, "break-even", COLOURS[3], false);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT,
                HtmlReport.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT,
                HtmlReport.escape(title)));
        return svg;
    }

    private static void yAxis(StringBuilder svg, double[] ticks, double top, String label, DoubleFunction<String> format) {
        for (double t : ticks) {
            double y = y(t, top);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, HtmlReport.escape(format.apply(t))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        int mid = TOP + (HEIGHT - TOP - BOTTOM) / 2;
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\" "
                + "font-size=\"12\">%s</text>%n", mid, mid, HtmlReport.escape(label)));
    }

    private static void legend(StringBuilder svg, int index, String name, String colour, boolean dashed) {
        int x = WIDTH - RIGHT + 16;
        int y = TOP + 10 + index * 20;
        svg.append(dashed
                ? String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\" stroke-width=\"2\"/>", x, y, x + 12, y, colour)
                : String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, y - 6, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n", x + 18, y + 4, HtmlReport.escape(name)));
    }

    private static double y(double value, double top) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value / top);
    }

    private static double xShare(double share, double xMax) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (share / xMax);
    }

    /** Ticks from 0 at a 1, 2 or 5 × 10^k step, the last at or above {@code max}. */
    static double[] ticks(double max) {
        if (!(max > 0) || !Double.isFinite(max)) return new double[] {0, 1};
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude <= 1 ? magnitude : raw / magnitude <= 2 ? 2 * magnitude : raw / magnitude <= 5 ? 5 * magnitude : 10 * magnitude;
        int count = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) ticks[i] = i * step;
        return ticks;
    }

    private static double niceCeiling(double v) {
        double[] t = ticks(v);
        return t[t.length - 1];
    }
}
