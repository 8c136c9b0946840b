package io.hyperlocal.sim.plan;

import io.hyperlocal.engines.simulated.model.StepTimeModel;

/**
 * One model of the mix and how it is served.
 *
 * @param name not blank
 * @param parametersBillions parameters in billions, {@code > 0}: sizes the weights in memory
 * @param quantisation weight precision
 * @param share share of all requests that go to this model, in [0, 1]; the mix sums to 1
 * @param gpu name of the {@link GpuHardware} it runs on
 * @param preset the engines' step-time preset for one replica of this model on that GPU (BF16)
 * @param gpusPerReplica GPUs one replica spans (tensor parallelism: 4 for a TP4 preset), {@code >= 1}
 * @param kvBytesPerToken KV-cache bytes per token at 16 bits (layers × KV heads × head size × 2 × 2),
 *     {@code > 0}: 131 072 for Llama-3.1-8B, 327 680 for Llama-3.3-70B
 * @param stepTimeFactor multiplier on the preset's step time for the quantisation, in (0, 10]
 */
public record ModelSpec(String name, double parametersBillions, Quantisation quantisation, double share, String gpu,
        StepTimeModel preset, int gpusPerReplica, long kvBytesPerToken, double stepTimeFactor) {

    public ModelSpec {
        Check.name("name", name);
        Check.positive("parametersBillions", parametersBillions);
        if (quantisation == null) throw new IllegalArgumentException("quantisation must not be null");
        Check.share("share", share);
        Check.name("gpu", gpu);
        if (preset == null) throw new IllegalArgumentException("preset must not be null");
        if (gpusPerReplica < 1) throw new IllegalArgumentException("gpusPerReplica must be >= 1, was " + gpusPerReplica);
        if (kvBytesPerToken < 1) throw new IllegalArgumentException("kvBytesPerToken must be > 0, was " + kvBytesPerToken);
        if (!(Check.finite("stepTimeFactor", stepTimeFactor) > 0 && stepTimeFactor <= 10)) {
            throw new IllegalArgumentException("stepTimeFactor must be in (0, 10], was " + stepTimeFactor);
        }
    }

    /** Weight bytes of one replica: parameters × bytes per parameter. */
    public double weightBytes() {
        return parametersBillions * 1e9 * quantisation.bytesPerParameter();
    }

    /** The preset scaled by the quantisation's step-time factor. */
    public StepTimeModel stepTime() {
        return preset.withSlowdown(preset.slowdown() * stepTimeFactor);
    }
}
