package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.bench.LedgerIngestBenchmark;
import io.hyperlocal.server.bench.LedgerIngestBenchmark.Ids;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ./hyperlocal bench ledger} as an operator runs it, small, through {@link Main}. */
class BenchLedgerCommandTest {
    private static final Pattern LOG_BYTES = Pattern.compile(
            "write-ahead log ([0-9,]+) bytes a record, ([0-9]+\\.[0-9]{3}) full-page images a record, ([0-9]+) checkpoints");

    @Test
    void shipsTheRecordsWithEitherShapeOfIdAndSaysWhatTheLogCost() {
        for (String ids : List.of("ordered", "random")) {
            CliRun run = CliRun.main("bench", "ledger", "--records", "3000", "--batch-size", "500", "--threads", "2", "--ids",
                    ids, "--subjects", "50");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("Ledger ingest: 3000 records from 50 subscribers, 2 appending threads, "
                    + "batches of 500, " + ids + " request ids").doesNotContain("warm-up");
            assertThat(run.out().lines().filter(line -> line.contains("(3000 records,"))).hasSize(2);
            Matcher logged = LOG_BYTES.matcher(run.out());
            for (int round = 0; round < 2; round++) {
                assertThat(logged.find()).as("the log's bytes of round %d in %s", round, run.out()).isTrue();
                // A ledger row with its CloudEvent is several hundred bytes of log at the least.
                assertThat(Integer.parseInt(logged.group(1).replace(",", ""))).isBetween(500, 20_000);
                // Each full-page image is a page of up to 8 KiB within those bytes.
                assertThat(Double.parseDouble(logged.group(2))).isBetween(0.0, 2.5);
                assertThat(Integer.parseInt(logged.group(3))).isNotNegative();
            }
        }
    }

    @Test
    void aBadOptionIsAUsageErrorBeforeAnyDatabaseStarts() {
        CliRun badIds = CliRun.main("bench", "ledger", "--ids", "sorted");
        assertThat(badIds.code()).isEqualTo(2);
        assertThat(badIds.err()).contains("--ids takes ordered (the gateway's request ids, time first) or random, "
                + "got 'sorted'").doesNotContain("benchmark failed");
        assertThat(badIds.out()).isEmpty();

        CliRun noRecords = CliRun.main("bench", "ledger", "--records", "0");
        assertThat(noRecords.code()).isEqualTo(2);
        assertThat(noRecords.err()).contains("--records takes a positive integer, got '0'");

        CliRun noSubjects = CliRun.main("bench", "ledger", "--subjects", "none");
        assertThat(noSubjects.code()).isEqualTo(2);
        assertThat(noSubjects.err()).contains("--subjects takes a positive integer, got 'none'");
    }

    @Test
    void aWorkloadNamesTheCountThatIsNotPositive() {
        assertThatThrownBy(() -> new LedgerIngestBenchmark.Workload(10, 5, 2, Ids.ORDERED, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ledger workload's subjects must be positive: 0");
        assertThatThrownBy(() -> new LedgerIngestBenchmark.Workload(10, -1, 2, Ids.RANDOM, 6))
                .hasMessage("a ledger workload's batchSize must be positive: -1");
    }
}
