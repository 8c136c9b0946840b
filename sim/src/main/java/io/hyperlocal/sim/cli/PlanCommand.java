package io.hyperlocal.sim.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code ./hyperlocal plan FILE}: sizes the fleet and prices it. */
public final class PlanCommand {
    private PlanCommand() {}

    /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage or input). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("hyperlocal plan: not built yet");
        return 1;
    }
}
