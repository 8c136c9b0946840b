package io.hyperlocal.sim.cli;

import java.util.List;

/** Runs {@link SimCommand} outside the server jar, for a quick run from the sim module's classes. */
public final class SimMain {
    private SimMain() {}

    public static void main(String[] args) {
        System.exit(SimCommand.run(List.of(args), System.out, System.err));
    }
}
