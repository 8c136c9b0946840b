package io.hyperlocal.engines.llama;

import de.kherud.llama.InferenceParameters;
import io.hyperlocal.core.SamplingParameters;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** Translates OpenAI-style sampling into llama.cpp's request parameters. */
final class LlamaSampling {
    private LlamaSampling() {}

    /**
     * The parameters of one generation, without its prompt.
     *
     * @param budget completion tokens allowed, as {@code n_predict}
     * @param extraStops stop sequences the prompt format adds to the request's
     * @param seeds draws a seed when the request has none; used under its own lock
     */
    static InferenceParameters parameters(SamplingParameters sampling, int budget, List<String> extraStops,
            RandomGenerator seeds) {
        String[] stops = Stream.concat(sampling.stop().stream(), extraStops.stream()).toArray(String[]::new);
        return new InferenceParameters("")
                .setNPredict(budget)
                .setTemperature((float) sampling.temperature())
                .setTopP((float) sampling.topP())
                // OpenAI's API shapes the distribution with temperature and top-p alone.
                .setTopK(0)
                .setMinP(0)
                .setPresencePenalty((float) sampling.presencePenalty())
                .setFrequencyPenalty((float) sampling.frequencyPenalty())
                .setSeed(seed(sampling, seeds))
                // Off so that equal requests evaluate the same way whatever the slot evaluated before.
                .setCachePrompt(false)
                .setStopStrings(stops);
    }

    /**
     * The request's seed cut to its low 31 bits (llama.cpp takes a 32-bit seed and reads all ones as
     * "random"), or one drawn from {@code seeds}.
     */
    static int seed(SamplingParameters sampling, RandomGenerator seeds) {
        if (sampling.seed().isPresent()) {
            return (int) (sampling.seed().getAsLong() & Integer.MAX_VALUE);
        }
        synchronized (seeds) {
            return seeds.nextInt(Integer.MAX_VALUE);
        }
    }
}
