package io.hyperlocal.sim.cli;

import io.hyperlocal.sim.policy.PolicyName;
import io.hyperlocal.sim.report.ReportWriter;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.report.SummaryTable;
import io.hyperlocal.sim.run.RunResult;
import io.hyperlocal.sim.run.ScenarioRunner;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.ScenarioException;
import io.hyperlocal.sim.scenario.ScenarioFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code ./hyperlocal sim FILE [--out DIR] [--policy NAME|all] [--hours H]}: runs a scenario and writes its report. */
public final class SimCommand {
    static final String USAGE = """
            usage: hyperlocal sim FILE [--out DIR] [--policy NAME|all] [--hours H] [--seed N]
              FILE           a scenario in YAML (see sim/scenarios/)
              --out DIR      where report.html and the CSV files go (default: sim-report-<scenario>)
              --policy NAME  one of %s, or all (default: all, compared on the same trace)
              --hours H      simulated hours instead of the scenario's duration (decimals allowed;
                             a ramp keeps its slope, so the run is the scenario's first H hours)
              --seed N       another seed than the scenario's
            """.formatted(Arrays.stream(PolicyName.values()).map(PolicyName::label).toList());

    private SimCommand() {}

    /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage or input). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException usage) {
            err.println("hyperlocal sim: " + usage.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        Scenario scenario;
        try {
            scenario = ScenarioFile.load(options.file());
        } catch (ScenarioException invalid) {
            err.println("hyperlocal sim: " + options.file() + ": " + invalid.getMessage());
            return 2;
        } catch (IOException unreadable) {
            err.println("hyperlocal sim: cannot read " + options.file() + ": " + IoErrors.reason(unreadable, options.file()));
            return 2;
        }
        if (options.hours() > 0) {
            scenario = scenario.withDuration(Duration.ofNanos(Math.round(options.hours() * 3600e9)));
        }
        if (options.seed() != null) {
            scenario = scenario.withSeed(options.seed());
        }
        Path outDir = options.out() != null ? options.out() : Path.of("sim-report-" + scenario.name());
        // Before the run, which can take half an hour: a report that cannot be written is known now.
        try {
            IoErrors.writableDirectory(outDir);
        } catch (IOException unwritable) {
            err.println("hyperlocal sim: cannot write the report to " + outDir + ": " + IoErrors.reason(unwritable, outDir));
            return 2;
        }
        List<PolicyName> policies = options.policy() == null ? List.of(PolicyName.values()) : List.of(options.policy());
        err.printf(Locale.ROOT, "hyperlocal sim: %s, seed %d, %s simulated, %d sites, %d engines (%d GPUs), policies %s%n",
                scenario.name(), scenario.seed(), SummaryTable.simulatedTime(scenario.duration()), scenario.sites().size(),
                scenario.engineCount(), scenario.gpuCount(), policies.stream().map(PolicyName::label).toList());
        TerminalProgress progress = TerminalProgress.forStream(err);
        List<RunResult> results = new ArrayList<>();
        try {
            for (PolicyName policy : policies) {
                RunResult result = ScenarioRunner.runDetailed(scenario, policy, progress);
                progress.finish(result.summary());
                results.add(result);
            }
        } catch (RuntimeException failure) {
            err.println("hyperlocal sim: the run failed: " + failure);
            failure.printStackTrace(err);
            return 1;
        }
        List<Summary> summaries = results.stream().map(RunResult::summary).toList();
        out.print(SummaryTable.render(summaries));
        try {
            List<Path> written = ReportWriter.write(scenario, results, outDir);
            out.println();
            for (Path file : written) {
                out.println("wrote " + file);
            }
        } catch (IOException unwritable) {
            err.println("hyperlocal sim: cannot write the report to " + outDir + ": " + IoErrors.reason(unwritable, outDir));
            return 1;
        }
        long violations = summaries.stream().mapToLong(Summary::residencyViolations).sum();
        if (violations > 0) {
            err.println("hyperlocal sim: " + violations + " residency violations: a routing bug, see the report");
            return 1;
        }
        return 0;
    }

    record Options(Path file, Path out, PolicyName policy, double hours, Long seed, boolean help) {
        static Options parse(List<String> args) {
            Path file = null;
            Path out = null;
            PolicyName policy = null;
            double hours = 0;
            Long seed = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "-h", "--help" -> {
                        return new Options(null, null, null, 0, null, true);
                    }
                    case "--out" -> out = Path.of(value(args, ++i, arg));
                    case "--policy" -> {
                        String name = value(args, ++i, arg);
                        if (!name.equals("all")) {
                            policy = PolicyName.of(name).orElseThrow(() -> new IllegalArgumentException(
                                    "unknown policy '" + name + "'; one of " + Arrays.stream(PolicyName.values())
                                            .map(PolicyName::label).toList() + " or all"));
                        }
                    }
                    case "--hours" -> {
                        String text = value(args, ++i, arg);
                        try {
                            hours = Double.parseDouble(text);
                        } catch (NumberFormatException notNumber) {
                            throw new IllegalArgumentException("--hours must be a number of hours: " + text);
                        }
                        if (!(hours > 0 && hours <= 24 * 366)) {
                            throw new IllegalArgumentException("--hours must be in (0, 8784]: " + text);
                        }
                    }
                    case "--seed" -> {
                        String text = value(args, ++i, arg);
                        try {
                            seed = Long.parseLong(text);
                        } catch (NumberFormatException notNumber) {
                            throw new IllegalArgumentException("--seed must be a whole number: " + text);
                        }
                    }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        if (file != null) {
                            throw new IllegalArgumentException("one scenario file at a time: " + file + " and " + arg);
                        }
                        file = Path.of(arg);
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no scenario file given");
            }
            return new Options(file, out, policy, hours, seed, false);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(index);
        }
    }
}
