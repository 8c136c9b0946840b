package io.hyperlocal.sim.report;

import io.hyperlocal.sim.run.RunResult;
import io.hyperlocal.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a run's report files: the CSV files and the self-contained HTML page. */
public final class ReportWriter {
    private ReportWriter() {}

    /** Writes into {@code directory} (which must exist); returns the files written. */
    public static List<Path> write(Scenario scenario, List<RunResult> results, Path directory) throws IOException {
        List<Path> written = new ArrayList<>(CsvReport.write(results, directory));
        written.add(HtmlReport.write(scenario, results, directory));
        return written;
    }
}
