package io.hyperlocal.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    private static final String SCENARIO = """
            name: cli-test
            seed: 5
            duration: 3m
            sites:
              - {id: fr-par, country: FR, latitude: 48.8, longitude: 2.3, tags: [EU, FR], engines: 2,
                 limits: {maxRunning: 64, kvBlocks: 4000}}
              - {id: fr-lyo, country: FR, latitude: 45.7, longitude: 4.8, tags: [EU, FR], engines: 1,
                 limits: {maxRunning: 64, kvBlocks: 4000}}
            populations:
              - {name: fr, country: FR, latitude: 48.8, longitude: 2.3, profile: flat, ramp: {fromPerSecond: 3, toPerSecond: 6}}
            workload: {promptMedian: 200, promptP90: 600, outputMedian: 80, outputP90: 200, prefixGroups: 4,
                       prefixTokens: 256, prefixShare: 0.5, turnsMean: 2, thinkSeconds: 3}
            failures:
              - {type: crash, site: fr-lyo, at: 60s, recoverAt: 120s}
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheReportWithChartsAndTheCsvFiles(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("cli.yaml");
        Files.writeString(file, SCENARIO);
        Path report = directory.resolve("report");
        int code = run(file.toString(), "--out", report.toString(), "--policy", "all");
        assertThat(code).as(err.toString()).isZero();
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout).contains("random", "round-robin", "least-loaded", "proximity", "hyperlocal",
                "TTFT p50/p90/p99 ms", "residency violations", "events/s", "peak heap MiB");
        String html = Files.readString(report.resolve("report.html"));
        assertThat(count(html, "<svg")).isGreaterThanOrEqualTo(8);
        assertThat(html).contains("Time to first token by policy", "Output tokens per second by site", "fr-lyo",
                "simulated time (h:mm)", "TTFT (ms, log scale)");
        // Failure times as the scenario file writes them, not as Duration.toString (PT1M).
        assertThat(html).contains("site fr-lyo crashes at 1m, recovers at 2m").doesNotContain("PT1M");
        // Self-contained: no script, no stylesheet or image fetched from anywhere.
        assertThat(html).doesNotContain("<script", "<link", "src=", "url(");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        List<String> summary = Files.readAllLines(report.resolve("summary.csv"));
        assertThat(summary).hasSize(6);
        assertThat(summary.getFirst()).startsWith("scenario,policy,").contains("ttft_p90_ms", "residency_violations");
        List<String> series = Files.readAllLines(report.resolve("timeseries.csv"));
        assertThat(series).hasSize(1 + 5 * 3);
        assertThat(series.getFirst()).contains("fr-par_tokens_per_s", "fr-lyo_busy_share");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("events/s");
    }

    @Test
    void latenciesOfARunWithoutCompletedRequestsAreEmptyInTheCsvFilesNotZero(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("cli.yaml");
        Files.writeString(file, SCENARIO);
        Path report = directory.resolve("report");
        // 36 ms: nothing completes. The table says n/a; a 0 ms TTFT or 0 % attainment in the CSV would be read as measured.
        assertThat(run(file.toString(), "--out", report.toString(), "--policy", "hyperlocal", "--hours", "0.00001")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("n/a");
        List<String> summary = Files.readAllLines(report.resolve("summary.csv"));
        List<String> header = List.of(summary.get(0).split(",", -1));
        List<String> row = List.of(summary.get(1).split(",", -1));
        assertThat(row.get(header.indexOf("completed"))).isEqualTo("0");
        for (String column : List.of("ttft_p50_ms", "ttft_p99_ms", "itl_p90_ms", "e2e_p99_ms", "slo_attainment")) {
            assertThat(row.get(header.indexOf(column))).as(column).isEmpty();
        }
        List<String> series = Files.readAllLines(report.resolve("timeseries.csv"));
        List<String> seriesHeader = List.of(series.get(0).split(",", -1));
        List<String> minute = List.of(series.get(1).split(",", -1));
        assertThat(minute.get(seriesHeader.indexOf("completed"))).isEqualTo("0");
        assertThat(minute.get(seriesHeader.indexOf("ttft_p50_ms"))).isEmpty();
        assertThat(minute.get(seriesHeader.indexOf("ttft_p99_ms"))).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path directory) {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("no scenario file given", "usage: hyperlocal sim FILE");
        assertThat(run("x.yaml", "--policy", "fastest")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy 'fastest'");
        assertThat(run("x.yaml", "--hours", "-1")).isEqualTo(2);
        assertThat(run("x.yaml", "--frobnicate")).isEqualTo(2);
        assertThat(run(directory.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read");
    }

    @Test
    void aReportThatCannotBeWrittenIsRefusedBeforeTheRun(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("cli.yaml");
        Files.writeString(file, SCENARIO);
        Path notADirectory = directory.resolve("taken");
        Files.writeString(notADirectory, "a file");
        assertThat(run(file.toString(), "--out", notADirectory.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write the report to " + notADirectory)
                .doesNotContain("Exception", "hyperlocal sim: cli-test");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBadScenarioExitsWithTwoNamingTheField(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("bad.yaml");
        Files.writeString(file, SCENARIO.replace("engines: 1,", "engines: 0,"));
        assertThat(run(file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("sites[1].engines: must be > 0");
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
