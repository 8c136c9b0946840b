package io.hyperlocal.sim.report;

import io.hyperlocal.sim.run.RunResult;
import io.hyperlocal.sim.scenario.Failure;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.ScenarioFile;
import io.hyperlocal.sim.scenario.SiteSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
 * the scenario, the policies side by side, and charts of latency, goodput and per-site throughput.
 */
public final class HtmlReport {
    private static final String STYLE = "body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right;font-size:13px}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
            + "h2{margin-top:32px}.chart{display:block;margin:12px 0}.note{color:#555;font-size:13px}";

    private HtmlReport() {}

    public static Path write(Scenario scenario, List<RunResult> results, Path directory) throws IOException {
        Path file = directory.resolve("report.html");
        Files.writeString(file, render(scenario, results));
        return file;
    }

    static String render(Scenario scenario, List<RunResult> results) {
        List<Summary> summaries = results.stream().map(RunResult::summary).toList();
        List<String> policies = summaries.stream().map(Summary::policy).toList();
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape("Hyperlocal simulation: " + scenario.name())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        html.append("<h1>Hyperlocal federation simulation: ").append(escape(scenario.name())).append("</h1>\n");
        html.append(String.format(Locale.ROOT,
                "<p>Seed %d, %s simulated, %d sites, %d engines (%d GPUs). SLO: TTFT &le; %d ms and mean ITL &le; %d ms"
                        + " per request. Latencies include the round trip between the requester's region and the serving site.</p>\n",
                scenario.seed(), SummaryTable.simulatedTime(scenario.duration()), scenario.sites().size(), scenario.engineCount(),
                scenario.gpuCount(), scenario.slo().ttft().toMillis(), scenario.slo().itl().toMillis()));
        scenarioTables(html, scenario);

        html.append("<h2>Policies on the same trace</h2>\n");
        table(html, summaries);
        html.append(SvgChart.bars("Time to first token by policy", "TTFT (ms, log scale)", policies, List.of(
                new SvgChart.Series("p50", column(summaries, s -> s.ttft().p50())),
                new SvgChart.Series("p90", column(summaries, s -> s.ttft().p90())),
                new SvgChart.Series("p99", column(summaries, s -> s.ttft().p99()))), true));
        html.append(SvgChart.bars("Inter-token latency by policy", "mean ITL per request (ms)", policies, List.of(
                new SvgChart.Series("p50", column(summaries, s -> s.itl().p50())),
                new SvgChart.Series("p90", column(summaries, s -> s.itl().p90())),
                new SvgChart.Series("p99", column(summaries, s -> s.itl().p99()))), false));
        html.append(SvgChart.bars("SLO attainment and prefix-cache hit rate by policy", "percent", policies, List.of(
                new SvgChart.Series("SLO attainment %", column(summaries, s -> s.sloAttainment() * 100)),
                new SvgChart.Series("prefix hit rate %", column(summaries, s -> s.prefixHitRate() * 100)),
                new SvgChart.Series("cross-site %", column(summaries, s -> s.crossSiteShare() * 100))), false));
        html.append(SvgChart.bars("Goodput by policy", "requests meeting the SLO per second", policies, List.of(
                new SvgChart.Series("goodput req/s", column(summaries, Summary::goodputPerSecond)),
                new SvgChart.Series("completed req/s", column(summaries, Summary::requestThroughputPerSecond))), false));

        html.append("<h2>Over time</h2>\n");
        List<SvgChart.Series> ttftLines = new ArrayList<>();
        List<SvgChart.Series> goodLines = new ArrayList<>();
        for (RunResult result : results) {
            ttftLines.add(new SvgChart.Series(result.summary().policy(), result.series().ttftP90()));
            goodLines.add(new SvgChart.Series(result.summary().policy(), result.series().perSecond(result.series().good())));
        }
        html.append(SvgChart.lines("TTFT p90 per minute, by policy", "TTFT p90 (ms, log scale)", ttftLines, true));
        html.append(SvgChart.lines("Goodput per minute, by policy", "requests meeting the SLO per second", goodLines, false));
        for (RunResult result : results) {
            TimeSeries series = result.series();
            String policy = result.summary().policy();
            html.append("<h3>").append(escape(policy)).append("</h3>\n");
            double[] arrivals = series.perSecond(series.arrivals());
            double[] completed = series.perSecond(series.completed());
            double[] failed = series.perSecond(series.failed());
            html.append(SvgChart.lines("TTFT percentiles per minute (" + policy + ")", "TTFT (ms, log scale)", List.of(
                    new SvgChart.Series("p50", series.ttftP50()), new SvgChart.Series("p90", series.ttftP90()),
                    new SvgChart.Series("p99", series.ttftP99())), true));
            html.append(SvgChart.lines("Requests per second (" + policy + ")", "requests/s", List.of(
                    new SvgChart.Series("arrived", arrivals), new SvgChart.Series("completed", completed),
                    new SvgChart.Series("failed", failed)), false));
            List<SvgChart.Series> throughput = new ArrayList<>();
            List<SvgChart.Series> busy = new ArrayList<>();
            for (int site = 0; site < series.siteIds().size(); site++) {
                throughput.add(new SvgChart.Series(series.siteIds().get(site), series.siteTokensPerSecond()[site]));
                double[] percent = series.siteBusyShare()[site].clone();
                for (int m = 0; m < percent.length; m++) {
                    percent[m] *= 100;
                }
                busy.add(new SvgChart.Series(series.siteIds().get(site), percent));
            }
            html.append(SvgChart.lines("Output tokens per second by site (" + policy + ")", "tokens/s", throughput, false));
            html.append(SvgChart.lines("Engine busy time by site (" + policy + ")", "% of engine time stepping", busy, false));
        }
        html.append("<p class=\"note\">Written by <code>./hyperlocal sim</code>. CSV: summary.csv (one row per policy),"
                + " timeseries.csv (one row per policy and minute). Percentiles come from log-bucket histograms"
                + " (2% buckets overall, 10% per minute).</p>\n</body></html>\n");
        return html.toString();
    }

    private static void scenarioTables(StringBuilder html, Scenario scenario) {
        html.append("<h2>Scenario</h2>\n<table><tr><th>site</th><th>city</th><th>country</th><th>tags</th><th>engines</th>"
                + "<th>model</th><th>GPUs</th><th>max running</th><th>KV blocks</th></tr>\n");
        for (SiteSpec site : scenario.sites()) {
            html.append("<tr><td>").append(escape(site.id())).append("</td><td>").append(escape(site.city()))
                    .append("</td><td>").append(site.country()).append("</td><td>")
                    .append(escape(String.join(", ", new java.util.TreeSet<>(site.tags())))).append("</td><td>")
                    .append(site.engines()).append("</td><td>").append(escape(site.model())).append("</td><td>")
                    .append(site.engines() * site.gpusPerEngine()).append("</td><td>").append(site.limits().maxRunning())
                    .append("</td><td>").append(site.limits().kvBlocks()).append("</td></tr>\n");
        }
        html.append("</table>\n<table><tr><th>population</th><th>country</th><th>region</th><th>subscribers</th>"
                + "<th>mean req/s</th><th>narrowed</th><th>bursts</th></tr>\n");
        for (Population population : scenario.populations()) {
            html.append("<tr><td>").append(escape(population.name())).append("</td><td>").append(population.country())
                    .append("</td><td>").append(escape(population.region())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", population.subscribers())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", population.meanRequestsPerSecond())).append("</td><td>")
                    .append(population.narrowedShare() == 0 ? "-" : String.format(Locale.ROOT, "%.0f%% to %s",
                            population.narrowedShare() * 100, population.narrowedTo()))
                    .append("</td><td>").append(population.bursts().size()).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!scenario.failures().isEmpty()) {
            html.append("<p>Failures: ");
            for (Failure failure : scenario.failures()) {
                html.append(escape(switch (failure) {
                    // In the scenario file's words (20h45m), not Duration.toString's PT20H45M.
                    case Failure.Crash crash -> "site " + crash.site() + " crashes at " + ScenarioFile.durationText(crash.at())
                            + ", recovers at " + ScenarioFile.durationText(crash.recoverAt()) + "; ";
                    case Failure.Slowdown slow -> "site " + slow.site() + " runs " + slow.factor() + "x slower from "
                            + ScenarioFile.durationText(slow.from()) + " to " + ScenarioFile.durationText(slow.to()) + "; ";
                }));
            }
            html.append("</p>\n");
        }
    }

    private static void table(StringBuilder html, List<Summary> summaries) {
        html.append("<table>\n");
        List<List<String>> rows = SummaryTable.rows(summaries);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            html.append("<tr><th>").append(escape(row.getFirst())).append("</th>");
            String cell = i == 0 ? "th" : "td";
            for (String value : row.subList(1, row.size())) {
                html.append('<').append(cell).append('>').append(escape(value)).append("</").append(cell).append('>');
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static double[] column(List<Summary> summaries, Function<Summary, Double> value) {
        return summaries.stream().mapToDouble(value::apply).toArray();
    }

    /** Text made safe inside HTML and SVG elements and attributes; the plan's page uses it too. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
