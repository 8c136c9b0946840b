package io.hyperlocal.sim.plan;

import java.util.Locale;
import java.util.Optional;

/** Which simulator checks the planned fleet ({@code check.simulator} in a plan file). */
public enum CheckSimulator {
    /** The federation simulator's scenario runner with the gateway's routing policy (the default). */
    FEDERATION,
    /** The planner's own loop over the engines' batch scheduler: an independent cross-check. */
    SCHEDULER;

    public PoolSimulator simulator() {
        return switch (this) {
            case FEDERATION -> FederationPoolSimulation::run;
            case SCHEDULER -> SchedulerPoolSimulation::run;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckSimulator> parse(String text) {
        for (CheckSimulator s : values()) {
            if (s.label().equals(text.strip().toLowerCase(Locale.ROOT))) return Optional.of(s);
        }
        return Optional.empty();
    }
}
