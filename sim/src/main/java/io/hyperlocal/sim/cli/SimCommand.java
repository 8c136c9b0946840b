package io.hyperlocal.sim.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code ./hyperlocal sim FILE}: runs a scenario and writes its report. */
public final class SimCommand {
    private SimCommand() {}

    /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage or input). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("hyperlocal sim: not built yet");
        return 1;
    }
}
