package io.hyperlocal.sim.plan;

/**
 * A GPU type serving one model at the SLO.
 *
 * <p>Throughputs are inputs: what one GPU sustains for the model while meeting the latency SLO
 * (the engines module's simulated step-time presets are one source, not wired in yet).
 *
 * @param name not blank
 * @param decodeTokensPerSecond completion tokens/s per GPU at the SLO, {@code > 0}
 * @param prefillTokensPerSecond prompt tokens/s per GPU, {@code > 0}
 * @param powerWatts power draw per GPU including its share of the server, {@code > 0}
 * @param pricePerGpu purchase price per GPU (currency units), {@code >= 0}
 * @param amortisationYears straight-line amortisation period, {@code > 0}
 */
public record GpuType(
        String name,
        double decodeTokensPerSecond,
        double prefillTokensPerSecond,
        double powerWatts,
        double pricePerGpu,
        double amortisationYears) {

    public GpuType {
        Check.name("name", name);
        Check.positive("decodeTokensPerSecond", decodeTokensPerSecond);
        Check.positive("prefillTokensPerSecond", prefillTokensPerSecond);
        Check.positive("powerWatts", powerWatts);
        Check.nonNegative("pricePerGpu", pricePerGpu);
        Check.positive("amortisationYears", amortisationYears);
    }

    /**
     * GPU-seconds one request of the given shape occupies: prompt / prefill rate + completion /
     * decode rate (a GPU time-shares prefill and decode).
     */
    public double gpuSecondsPerRequest(double promptTokens, double completionTokens) {
        return promptTokens / prefillTokensPerSecond + completionTokens / decodeTokensPerSecond;
    }
}
