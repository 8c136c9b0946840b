package io.hyperlocal.sim.plan;

import io.hyperlocal.sim.report.HtmlReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** plan.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched). */
final class PlanHtml {
    private PlanHtml() {}

    static String render(PlanReport report) {
        FleetPlan plan = report.plan();
        String cur = report.currency();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Hyperlocal capacity plan: ")
                .append(HtmlReport.escape(report.source())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:13px}\n")
                .append("th,td{border-bottom:1px solid #ddd;padding:3px 8px}th{background:#f3f3f3}\n")
                .append("td.r,th.r{text-align:right}tr.total td{font-weight:bold}\n")
                .append(".pass{color:#1e7d3a;font-weight:bold}.fail{color:#b3261e;font-weight:bold}\n")
                .append(".note{color:#555;font-size:13px}svg{margin:0.5em 1em 1em 0}\n</style></head><body>\n");
        html.append("<h1>Capacity plan: ").append(HtmlReport.escape(report.source())).append("</h1>\n");
        html.append("<p>").append(HtmlReport.escape(report.sloLine())).append(" Amounts in ").append(HtmlReport.escape(cur)).append(".</p>\n");
        html.append("<ul>\n");
        for (String line : report.summaryLines()) html.append("<li>").append(HtmlReport.escape(line)).append("</li>\n");
        html.append("</ul>\n");

        List<String> sites = plan.sites().stream().map(s -> s.site().name()).toList();
        html.append(gpuChart(plan, "GPUs per site, by model"));
        double[] capex = plan.sites().stream().mapToDouble(SitePlan::annualisedCapex).toArray();
        double[] energy = plan.sites().stream().mapToDouble(SitePlan::energyCostPerYear).toArray();
        double[] network = plan.sites().stream().mapToDouble(s -> s.site().networkCostPerYear()).toArray();
        html.append(SvgChart.stackedBars("Annual cost per site", "cost per year (" + cur + ")", sites,
                List.of(new SvgChart.Series("amortised capex", capex), new SvgChart.Series("energy", energy),
                        new SvgChart.Series("network", network)), v -> Formats.money(cur, v), v -> Formats.moneyShort(cur, v)));
        if (plan.tokensPerYear() > 0) {
            html.append(SvgChart.breakEven(cur, plan.annualCost(), plan.tokensPerYear(), plan.input().apiPricePerMillionTokens(),
                    plan.capacityShareOfPlan()));
        }
        html.append("<h2>Fleet sized for the peak</h2>\n").append(table(report.fleetTable()));
        html.append("<h2>Throughput per replica</h2>\n<p class=\"note\">Derived from the engines' step-time presets ")
                .append("(step = base + per-prefill-token × X + per-decode-sequence × Y, × the quantisation factor): the largest ")
                .append("batch whose decode step meets the inter-token SLO, and the largest token budget whose prefill step does.</p>\n")
                .append(table(report.throughputTable()));
        report.check().ifPresentOrElse(check -> {
            html.append("<h2>Simulator check</h2>\n<p>").append(HtmlReport.escape(report.checkHeading())).append("</p>\n");
            html.append(table(report.checkTable(check)));
            for (String line : report.verdictLines(check)) {
                String css = line.startsWith("PASS") ? " class=\"pass\"" : line.startsWith("FAIL") ? " class=\"fail\"" : "";
                html.append("<p").append(css).append(">").append(HtmlReport.escape(line)).append("</p>\n");
            }
            if (!check.passed()) {
                FleetPlan passing = check.passingFleet();
                html.append("<h2>").append(HtmlReport.escape(PlanReport.passingHeading(check))).append("</h2>\n<ul>\n");
                for (String line : report.summaryLines(passing)) html.append("<li>").append(HtmlReport.escape(line)).append("</li>\n");
                html.append("</ul>\n").append(gpuChart(passing, "GPUs per site, by model, fleet that passes"))
                        .append(table(report.fleetTable(passing)));
            }
        }, () -> html.append("<h2>Simulator check</h2>\n<p>Skipped (--no-check).</p>\n"));
        html.append("<p class=\"note\">Prices, power and demand are the plan file's inputs and assumptions. Energy is ")
                .append("nameplate power × PUE all year; capex is straight-line over the amortisation period; all countries ")
                .append("are assumed to peak at once.</p>\n</body></html>\n");
        return html.toString();
    }

    private static String gpuChart(FleetPlan plan, String title) {
        List<String> sites = plan.sites().stream().map(s -> s.site().name()).toList();
        List<SvgChart.Series> gpuSeries = new ArrayList<>();
        for (ModelSpec model : plan.input().models()) {
            double[] values = new double[sites.size()];
            for (int i = 0; i < sites.size(); i++) {
                values[i] = plan.sites().get(i).pools().stream().filter(p -> p.model().name().equals(model.name()))
                        .mapToInt(PoolPlan::gpus).sum();
            }
            gpuSeries.add(new SvgChart.Series(model.name(), values));
        }
        return SvgChart.stackedBars(title, "GPUs", sites, gpuSeries, v -> String.format(Locale.ROOT, "%,.0f", v));
    }

    private static String table(TextTable t) {
        StringBuilder out = new StringBuilder("<table>\n<tr>");
        for (int c = 0; c < t.headers().size(); c++) {
            out.append("<th").append(t.rightAligned(c) ? " class=\"r\"" : "").append(">").append(HtmlReport.escape(t.headers().get(c))).append("</th>");
        }
        out.append("</tr>\n");
        for (List<String> row : t.rows()) {
            boolean total = row.contains("site total") || row.get(0).equals("FLEET");
            out.append(total ? "<tr class=\"total\">" : "<tr>");
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String css = t.rightAligned(c) ? "r" : cell.equals("pass") ? "pass" : cell.equals("FAIL") ? "fail" : "";
                out.append(css.isEmpty() ? "<td>" : "<td class=\"" + css + "\">").append(HtmlReport.escape(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }
}
