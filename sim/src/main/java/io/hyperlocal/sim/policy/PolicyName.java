package io.hyperlocal.sim.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The routing policies the simulator compares, by their command-line names. */
public enum PolicyName {
    RANDOM("random"),
    ROUND_ROBIN("round-robin"),
    LEAST_LOADED("least-loaded"),
    PROXIMITY("proximity"),
    HYPERLOCAL("hyperlocal");

    private final String label;

    PolicyName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<PolicyName> of(String label) {
        return Arrays.stream(values()).filter(name -> name.label.equals(label)).findFirst();
    }

    /** A fresh policy of this kind over {@code fleet}, drawing from {@code random}. */
    public RoutingPolicy create(Fleet fleet, RandomGenerator random) {
        return switch (this) {
            case RANDOM -> new RandomPolicy(fleet, random);
            case ROUND_ROBIN -> new RoundRobinPolicy(fleet);
            case LEAST_LOADED -> new LeastLoadedPolicy(fleet, random);
            case PROXIMITY -> new ProximityPolicy(fleet, random);
            case HYPERLOCAL -> new HyperlocalPolicy(fleet, random);
        };
    }
}
