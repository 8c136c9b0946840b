package io.hyperlocal.sim.report;

import io.hyperlocal.sim.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code summary.csv} (one row per policy) and {@code timeseries.csv} (one row per policy and minute). */
public final class CsvReport {
    private CsvReport() {}

    public static List<Path> write(List<RunResult> results, Path directory) throws IOException {
        Path summary = directory.resolve("summary.csv");
        Files.writeString(summary, summary(results));
        Path series = directory.resolve("timeseries.csv");
        Files.writeString(series, series(results));
        return List.of(summary, series);
    }

    static String summary(List<RunResult> results) {
        StringBuilder csv = new StringBuilder("scenario,policy,simulated_s,requests,completed,failed,migrated,unfinished,too_long,"
                + "ttft_p50_ms,ttft_p90_ms,ttft_p99_ms,itl_p50_ms,itl_p90_ms,itl_p99_ms,e2e_p50_ms,e2e_p90_ms,e2e_p99_ms,"
                + "slo_attainment,goodput_per_s,requests_per_s,output_tokens_per_s,prefix_hit_rate,residency_violations,"
                + "cross_site,cross_site_share,preemptions,gpu_hours_busy,gpu_hours_provisioned,events,wall_s,cpu_s,events_per_s,"
                + "peak_heap_bytes,live_heap_bytes\n");
        for (RunResult result : results) {
            Summary s = result.summary();
            // Without a completed request there is no latency and no attainment: an empty cell, as the table's
            // n/a, rather than a 0 ms TTFT or 0 % attainment that reads as measured.
            boolean measured = s.completed() > 0;
            List<Object> cells = List.of(s.scenario(), s.policy(), s.simulatedSeconds(), s.requests(), s.completed(),
                    s.failed(), s.migrated(), s.unfinished(), s.tooLong(), ifMeasured(measured, s.ttft().p50()),
                    ifMeasured(measured, s.ttft().p90()), ifMeasured(measured, s.ttft().p99()),
                    ifMeasured(measured, s.itl().p50()), ifMeasured(measured, s.itl().p90()), ifMeasured(measured, s.itl().p99()),
                    ifMeasured(measured, s.e2e().p50()), ifMeasured(measured, s.e2e().p90()), ifMeasured(measured, s.e2e().p99()),
                    ifMeasured(measured, s.sloAttainment()), s.goodputPerSecond(), s.requestThroughputPerSecond(), s.outputTokensPerSecond(),
                    s.prefixHitRate(), s.residencyViolations(), s.crossSite(), s.crossSiteShare(), s.preemptions(),
                    s.gpuHoursBusy(), s.gpuHoursProvisioned(), s.events(), s.wallSeconds(), s.cpuSeconds(), s.eventsPerSecond(),
                    s.peakHeapBytes(), s.liveHeapBytes());
            List<String> text = new ArrayList<>();
            for (Object cell : cells) {
                text.add(cell instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : cell.toString());
            }
            csv.append(String.join(",", text)).append('\n');
        }
        return csv.toString();
    }

    static String series(List<RunResult> results) {
        StringBuilder csv = new StringBuilder("policy,minute,arrivals,completed,good,failed,ttft_p50_ms,ttft_p90_ms,ttft_p99_ms");
        List<String> sites = results.isEmpty() ? List.of() : results.getFirst().series().siteIds();
        for (String site : sites) {
            csv.append(',').append(site).append("_tokens_per_s");
        }
        for (String site : sites) {
            csv.append(',').append(site).append("_busy_share");
        }
        csv.append('\n');
        for (RunResult result : results) {
            TimeSeries t = result.series();
            for (int m = 0; m < t.minutes(); m++) {
                csv.append(result.summary().policy()).append(',').append(m).append(',').append(t.arrivals()[m])
                        .append(',').append(t.completed()[m]).append(',').append(t.good()[m]).append(',')
                        .append(t.failed()[m]);
                // A minute in which nothing completed (an outage, the start) has no TTFT: empty, not 0 ms.
                boolean measured = t.completed()[m] > 0;
                csv.append(',').append(measured ? fixed(t.ttftP50()[m]) : "").append(',')
                        .append(measured ? fixed(t.ttftP90()[m]) : "").append(',').append(measured ? fixed(t.ttftP99()[m]) : "");
                for (double[] site : t.siteTokensPerSecond()) {
                    csv.append(',').append(fixed(site[m]));
                }
                for (double[] site : t.siteBusyShare()) {
                    csv.append(',').append(String.format(Locale.ROOT, "%.4f", site[m]));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static Object ifMeasured(boolean measured, double value) {
        return measured ? value : "";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
