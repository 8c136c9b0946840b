package io.hyperlocal.sim.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes plan.html and plan.csv for a report. */
public final class PlanOutputs {
    private PlanOutputs() {}

    /** @return the files written */
    public static List<Path> write(PlanReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path html = directory.resolve("plan.html");
        Path csv = directory.resolve("plan.csv");
        Files.writeString(html, PlanHtml.render(report));
        Files.writeString(csv, PlanCsv.render(report));
        return List.of(html, csv);
    }
}
