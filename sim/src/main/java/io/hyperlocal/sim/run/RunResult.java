package io.hyperlocal.sim.run;

import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.report.TimeSeries;
import java.util.Objects;

/** A run's summary and its per-minute series. */
public record RunResult(Summary summary, TimeSeries series) {
    public RunResult {
        Objects.requireNonNull(summary, "summary is null");
        Objects.requireNonNull(series, "series is null");
    }
}
