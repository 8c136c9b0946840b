package io.hyperlocal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final GatewayPeers.Settings SETTINGS = new GatewayPeers.Settings(false, List.of(1000.0),
            List.of(), 10, 5, 10_000, 1_000, 20_000, 2_000, 60);

    @Test
    void aPeerAtARateIsComparedWithTheDirectCallMeasuredJustBeforeItAtThatRate() {
        Report report = new Report(SETTINGS);
        LoadStep.Result directEarly = rate("direct", 1000, 37_000);
        LoadStep.Result directBeforeNginx500 = rate("direct@nginx", 500, 20_500);
        LoadStep.Result directBeforeNginx = rate("direct@nginx", 1000, 22_000);
        LoadStep.Result nginx = rate("nginx", 1000, 23_000);
        LoadStep.Result portkey = rate("portkey", 1000, 60_000);
        for (LoadStep.Result result : List.of(directEarly, directBeforeNginx500, directBeforeNginx, nginx, portkey)) {
            report.add(result, "0 0 0");
        }

        assertThat(report.baseline(nginx)).containsSame(directBeforeNginx);
        // No baseline of its own (an older run's layout): the direct peer's at the same rate.
        assertThat(report.baseline(portkey)).containsSame(directEarly);
        String nginxRow = report.markdown().lines().filter(line -> line.startsWith("| nginx | 1000 |")).findFirst()
                .orElseThrow();
        double added = GatewayPeers.ms(nginx.latency(), 99.9) - GatewayPeers.ms(directBeforeNginx.latency(), 99.9);
        double againstTheEarlyRun = GatewayPeers.ms(nginx.latency(), 99.9) - GatewayPeers.ms(directEarly.latency(), 99.9);
        assertThat(nginxRow).contains(String.format(java.util.Locale.ROOT, "%+.3f ms", added))
                .doesNotContain(String.format(java.util.Locale.ROOT, "%+.3f ms", againstTheEarlyRun));
        assertThat(added).isPositive();
        assertThat(againstTheEarlyRun).isNegative();
    }

    @Test
    void aPeerThatAnsweredNothingRightOneAtATimeHasNoAddedLatencyNotNaN() {
        Report report = new Report(SETTINGS);
        report.add(serial("direct@hyperlocal", 10_000, 50), "0 0 0");
        report.add(serial("hyperlocal", 0, 0), "0 0 0");

        assertThat(report.addedSerialP99("hyperlocal")).isNull();
        assertThat(report.markdown()).doesNotContain("NaN");
    }

    @Test
    void theSummaryComparesPortkeyWithEachPeerOneAtATimeForWholeAnswersAndForTheFirstChunkOfStreams() {
        Report report = new Report(SETTINGS);
        hyperlocalAdding200MicrosAnd500ToTheFirstChunk(report);
        report.add(serial("direct@portkey", 1000, 40), "0 0 0");
        report.add(serial("portkey", 1000, 2040), "0 0 0");
        report.add(stream("direct@portkey", 300), "0 0 0");
        report.add(stream("portkey", 1800), "0 0 0");

        assertThat(report.addedSerialFirstChunkP99("hyperlocal")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        String summary = report.markdown().lines().filter(line -> line.startsWith("| hyperlocal | ") && line.endsWith(" |"))
                .reduce((first, last) -> last).orElseThrow();
        // Whole answers: Portkey adds 2.000 ms, Hyperlocal 0.200 ms; first chunks: 1.500 ms against 0.500 ms (values HdrHistogram holds exactly).
        assertThat(summary).startsWith("| hyperlocal | 0.200 ms | n/a | 10.00x | 0.500 ms | n/a | 3.00x |");
    }

    @Test
    void aPeerWhoseStreamsAllFailedHasNoStreamedRatioNotNaN() {
        Report report = new Report(SETTINGS);
        hyperlocalAdding200MicrosAnd500ToTheFirstChunk(report);
        report.add(stream("direct@portkey", 300), "0 0 0");
        report.add(result("portkey", "serial-stream", 0, 0, new Histogram(3)), "0 0 0");

        assertThat(report.addedSerialFirstChunkP99("portkey")).isNull();
        assertThat(report.markdown()).doesNotContain("NaN").contains("| hyperlocal | 0.200 ms | n/a | n/a | 0.500 ms | n/a | n/a |");
    }

    private static void hyperlocalAdding200MicrosAnd500ToTheFirstChunk(Report report) {
        report.add(serial("direct@hyperlocal", 1000, 40), "0 0 0");
        report.add(serial("hyperlocal", 1000, 240), "0 0 0");
        report.add(stream("direct@hyperlocal", 300), "0 0 0");
        report.add(stream("hyperlocal", 800), "0 0 0");
    }

    private static LoadStep.Result stream(String peer, long firstChunkMicros) {
        Histogram firstChunk = new Histogram(3);
        Histogram latency = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            firstChunk.recordValue(firstChunkMicros);
            latency.recordValue(firstChunkMicros + 10_000);
        }
        return new LoadStep.Result(peer, "serial-stream", 0, 100, 100, 0, 0, latency, firstChunk, new Histogram(3),
                1000, 0, 0, 0, 0, Map.of(), -1, 0);
    }

    private static LoadStep.Result rate(String peer, double rate, long p99Micros) {
        Histogram latency = new Histogram(3);
        for (int i = 0; i < 1000; i++) {
            latency.recordValue(i < 990 ? 20_000 : p99Micros);
        }
        return result(peer, "rate", rate, 1000, latency);
    }

    private static LoadStep.Result serial(String peer, int ok, long micros) {
        Histogram latency = new Histogram(3);
        for (int i = 0; i < ok; i++) {
            latency.recordValue(micros);
        }
        return result(peer, "serial", 0, ok, latency);
    }

    private static LoadStep.Result result(String peer, String mode, double rate, long ok, Histogram latency) {
        return new LoadStep.Result(peer, mode, rate, (int) Math.max(ok, 1), ok, ok == 0 ? 1 : 0, rate, latency,
                new Histogram(3), new Histogram(3), 0, 0, 0, 0, 0, Map.of(), -1, 0);
    }
}
