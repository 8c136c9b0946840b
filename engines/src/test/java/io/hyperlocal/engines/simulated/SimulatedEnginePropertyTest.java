package io.hyperlocal.engines.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/** Whatever the limits and stop sequences, the simulated engine stays within them. */
class SimulatedEnginePropertyTest {
    private static final SimulatedEngine ENGINE = new SimulatedEngine("sim", List.of("demo"),
            SimulatedEngineSettings.DEFAULTS);
    // Stop sequences cut from text the engine writes, so that many of them do occur.
    private static final String SOURCE = SimulatedText.NOTICE + " the network signal tower river city quiet morning";

    @AfterContainer
    static void close() {
        ENGINE.close();
    }

    @Property(tries = 500)
    void neverExceedsMaxTokensNorEmitsAStopSequence(@ForAll @IntRange(min = 1, max = 90) int maxTokens,
            @ForAll("stops") List<String> stops, @ForAll long seed) {
        SamplingParameters sampling = new SamplingParameters(maxTokens, 1, 1, stops, OptionalLong.of(seed), 0, 0);
        TestingListener listener = new TestingListener();
        ENGINE.generate(new GenerationRequest("prop", "demo", new Prompt.Text("Hello"), sampling), listener);

        GenerationEvent.Completed completed = listener.awaitCompleted(Duration.ofSeconds(10));

        assertThat(completed.usage().completionTokens()).isBetween(1, maxTokens);
        assertThat(listener.reportedTokens()).isLessThanOrEqualTo(completed.usage().completionTokens());
        String text = listener.text();
        stops.forEach(stop -> assertThat(text).doesNotContain(stop));
    }

    @Provide
    Arbitrary<List<String>> stops() {
        Arbitrary<String> stop = Arbitraries.integers().between(0, SOURCE.length() - 1).flatMap(start -> Arbitraries
                .integers().between(1, Math.min(8, SOURCE.length() - start))
                .map(length -> SOURCE.substring(start, start + length)));
        return stop.list().ofMaxSize(SamplingParameters.MAX_STOP_SEQUENCES);
    }
}
