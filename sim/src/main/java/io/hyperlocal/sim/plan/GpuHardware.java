package io.hyperlocal.sim.plan;

/**
 * One GPU model as bought and powered. Its speed is not here: it comes from the step-time preset each
 * model is mapped to (see {@link ReplicaThroughput}).
 *
 * @param name not blank
 * @param memoryGb memory per GPU in GB (10^9 bytes), {@code > 0}
 * @param powerWatts draw per GPU including its share of the host server, {@code > 0}
 * @param pricePerGpu purchase price per GPU including its share of the server, {@code >= 0}
 * @param amortisationYears straight-line amortisation period, {@code > 0}
 */
public record GpuHardware(String name, double memoryGb, double powerWatts, double pricePerGpu,
        double amortisationYears) {

    public GpuHardware {
        Check.name("name", name);
        Check.positive("memoryGb", memoryGb);
        Check.positive("powerWatts", powerWatts);
        Check.nonNegative("pricePerGpu", pricePerGpu);
        Check.positive("amortisationYears", amortisationYears);
    }
}
