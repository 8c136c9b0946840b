package io.hyperlocal.sim.cli;

import io.hyperlocal.sim.plan.FleetCheck;
import io.hyperlocal.sim.plan.FleetCheckReport;
import io.hyperlocal.sim.plan.FleetPlan;
import io.hyperlocal.sim.plan.FleetPlanner;
import io.hyperlocal.sim.plan.PlanInput;
import io.hyperlocal.sim.plan.PlanInputException;
import io.hyperlocal.sim.plan.PlanLoader;
import io.hyperlocal.sim.plan.PlanOutputs;
import io.hyperlocal.sim.plan.PlanReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./hyperlocal plan FILE [--out DIR] [--no-check]}: sizes the fleet for the plan's peak, prices
 * it against the API, checks it in the simulator, prints a table and writes plan.html and plan.csv
 * (to DIR, by default the current directory).
 */
public final class PlanCommand {
    static final String USAGE = "usage: hyperlocal plan FILE [--out DIR] [--no-check]";

    private PlanCommand() {}

    /**
     * Runs the command; returns the process exit code: 0 planned (and the check passed), 1 the check
     * failed or an output could not be written, 2 bad usage or input.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path file = null;
        Path outDir = Path.of(".");
        boolean check = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--no-check" -> check = false;
                case "--out" -> {
                    if (i + 1 >= args.size()) return usage(err, "--out needs a directory");
                    outDir = Path.of(args.get(++i));
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (arg.startsWith("-")) return usage(err, "unknown option " + arg);
                    if (file != null) return usage(err, "one plan file at a time");
                    file = Path.of(arg);
                }
            }
        }
        if (file == null) return usage(err, "no plan file");

        FleetPlan plan;
        try {
            PlanInput input = PlanLoader.load(file);
            plan = FleetPlanner.plan(input);
        } catch (PlanInputException e) {
            err.println("hyperlocal plan: " + file + ": " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("hyperlocal plan: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 2;
        }
        // Before the check, which takes minutes: an output directory that cannot be written is known now.
        try {
            IoErrors.writableDirectory(outDir);
        } catch (IOException e) {
            err.println("hyperlocal plan: cannot write to " + outDir + ": " + IoErrors.reason(e, outDir));
            return 2;
        }
        Optional<FleetCheckReport> report;
        try {
            report = check ? Optional.of(FleetCheck.forPlan(plan).run(plan, err)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            // A plan the loader accepted but the simulator refuses: say so rather than print a stack trace.
            err.println("hyperlocal plan: " + file + ": the simulator check could not run: " + e.getMessage()
                    + " (plan without it: --no-check)");
            return 1;
        }
        PlanReport planReport = new PlanReport(file.toString(), plan, report);
        out.print(planReport.text());
        try {
            for (Path written : PlanOutputs.write(planReport, outDir)) out.println("wrote " + written);
        } catch (IOException e) {
            err.println("hyperlocal plan: cannot write to " + outDir + ": " + IoErrors.reason(e, outDir));
            return 1;
        }
        return report.map(r -> r.passed() ? 0 : 1).orElse(0);
    }

    private static int usage(PrintStream err, String problem) {
        err.println("hyperlocal plan: " + problem);
        err.println(USAGE);
        return 2;
    }
}
