package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.sim.cli.PlanCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hyperlocal plan} end to end: files, exit codes, messages. */
class PlanCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = PlanCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path plan(String yaml) throws IOException {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void plansWithoutCheckAndWritesSelfContainedFiles() throws IOException {
        Path out = dir.resolve("out");
        Run r = run(plan(TestingPlans.SMALL).toString(), "--no-check", "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Fleet sized for the peak", "FLEET", "€630,000", "€201,846", "€0.27", "53.9 % of the planned volume",
                "Simulator check skipped");
        String html = Files.readString(out.resolve("plan.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "GPUs per site", "Annual cost per site", "break-even: 54 % of plan",
                "€201,846").doesNotContain("<script", "<link", "src=", "https://", "@import");
        List<String> csv = Files.readAllLines(out.resolve("plan.csv"));
        assertThat(csv).hasSize(1 + 6 + 3 + 1);
        assertThat(csv.get(0)).startsWith("level,site,country,model,");
        assertThat(csv).anyMatch(line -> line.startsWith("fleet,") && line.contains(",21,630000.00,157500.00,") && line.contains(",201846.00,"));
        // The fleet row carries the sites' energy and network costs (10,000 + 5,000 + 0 a year), as the text does.
        String fleet = csv.stream().filter(line -> line.startsWith("fleet,")).findFirst().orElseThrow();
        assertThat(fleet.split(",", -1)[14]).isEqualTo("15000.00");
        assertThat(fleet.split(",", -1)[13]).isNotEmpty();
        assertThat(csv).allMatch(line -> line.split(",", -1).length == csv.get(0).split(",").length);
    }

    @Test
    void anOutputDirectoryThatCannotBeWrittenIsRefusedBeforeTheCheck() throws IOException {
        Path taken = dir.resolve("taken");
        Files.writeString(taken, "a file");
        Run r = run(plan(TestingPlans.SMALL).toString(), "--out", taken.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write to " + taken).doesNotContain("Exception", "check 1/");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void csvTextFieldsAreQuotedWhenTheyHoldACommaOrAQuote() {
        assertThat(PlanCsv.text("paris-1")).isEqualTo("paris-1");
        assertThat(PlanCsv.text("a,b")).isEqualTo("\"a,b\"");
        assertThat(PlanCsv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void checkPassesAndIsReportedWithProgressOnStderr() throws IOException {
        Run r = run(plan(TestingPlans.CHECK).toString(), "--out", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("check 1/1: a / small, 2 replicas at 75.0 req/s").contains("-> pass");
        assertThat(r.out()).contains("Simulator check", "PASS: the planned fleet meets the SLO at peak at every site.");
        assertThat(Files.readString(dir.resolve("plan.html"))).contains("class=\"pass\"");
    }

    @Test
    void failingCheckExitsOneAndSaysWhatWouldPass() throws IOException {
        // No step of the 8B model is shorter than 5.75 ms, so a 5 ms TTFT fails whatever the fleet.
        Run r = run(plan(TestingPlans.CHECK.replace("ttftMs: 1000", "ttftMs: 5")).toString(), "--out", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL: the planned fleet misses the SLO at peak in 1 pool(s).",
                "a / small: still failing at 3 replicas (bound: check.maxExtraReplicas)");
        assertThat(r.err()).contains("retry with 3 replicas");
        assertThat(r.out()).contains("Largest fleet tried (still failing):");
        assertThat(Files.readAllLines(dir.resolve("plan.csv"))).anyMatch(line -> line.startsWith("tried-fleet,") && line.endsWith(",false"));
    }

    @Test
    void aFailedCheckShowsTheFleetThatPassesInEveryOutput() throws IOException {
        // 112.5 requests/s on 2 replicas planned at 100 % (load 1.93) against a 150 ms TTFT: 2 fail, 3 pass.
        String yaml = TestingPlans.CHECK.replace("targetUtilisation: 0.7", "targetUtilisation: 1.0")
                .replace("requestsPerActiveUserPerDay: 10", "requestsPerActiveUserPerDay: 15").replace("ttftMs: 1000", "ttftMs: 150");
        Run r = run(plan(yaml).toString(), "--out", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("a / small: needs 3 replicas instead of 2 to pass.", "Fleet that passes the check",
                "Capex €90,000");
        List<String> csv = Files.readAllLines(dir.resolve("plan.csv"));
        assertThat(csv).anyMatch(line -> line.startsWith("fleet,") && line.contains(",2,60000.00,") && line.endsWith(",false"));
        assertThat(csv).anyMatch(line -> line.startsWith("passing-pool,a,") && line.contains(",3,3,90000.00,") && line.endsWith(",true"));
        assertThat(csv).anyMatch(line -> line.startsWith("passing-fleet,") && line.contains(",3,90000.00,") && line.endsWith(",true"));
        String html = Files.readString(dir.resolve("plan.html"));
        assertThat(html).contains("Fleet that passes the check", "GPUs per site, by model, fleet that passes");
    }

    @Test
    void badInputExitsTwoNamingTheFieldWithoutAStackTrace() throws IOException {
        Run r = run(plan(TestingPlans.SMALL.replace("adoption: 0.5", "adoption: 1.7")).toString(), "--no-check");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("countries.AA.adoption: must be between 0 and 1, was 1.7").doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("a.yaml", "b.yaml").code()).isEqualTo(2);
        assertThat(run("a.yaml", "--out").code()).isEqualTo(2);
        Run unknown = run("a.yaml", "--fast");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --fast", "usage: hyperlocal plan FILE");
        Run missing = run(dir.resolve("missing.yaml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void tableColumnsAreAligned() throws IOException {
        Run r = run(plan(TestingPlans.SMALL).toString(), "--no-check", "--out", dir.toString());
        List<String> table = new ArrayList<>();
        boolean in = false;
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("Site ")) in = true;
            if (in && line.isBlank()) break;
            if (in) table.add(line);
        }
        // Right-aligned last column: every row of the fleet table ends at the same column.
        assertThat(table).hasSizeGreaterThan(5);
        assertThat(table.stream().map(String::length).distinct()).hasSize(1);
    }
}
