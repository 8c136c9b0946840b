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
