package io.hyperlocal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared value types refuse bad values with messages that name the field. */
class ValueTypesTest {

    @Test
    void samplingParametersFollowOpenAiRanges() {
        assertThat(SamplingParameters.DEFAULTS.maxTokens()).isEqualTo(SamplingParameters.UNLIMITED);
        assertThatThrownBy(() -> new SamplingParameters(0, 1, 1, List.of(), OptionalLong.empty(), 0, 0))
                .hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new SamplingParameters(10, 2.5, 1, List.of(), OptionalLong.empty(), 0, 0))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingParameters(10, 1, 1, List.of("a", "b", "c", "d", "e"), OptionalLong.empty(), 0, 0))
                .hasMessageContaining("stop");
        assertThatThrownBy(() -> new SamplingParameters(10, 1, 1, List.of(""), OptionalLong.empty(), 0, 0))
                .hasMessageContaining("stop");
        assertThatThrownBy(() -> new SamplingParameters(10, 1, 1, List.of(), OptionalLong.empty(), 3, 0))
                .hasMessageContaining("presencePenalty");
        assertThatThrownBy(() -> new SamplingParameters(10, Double.NaN, 1, List.of(), OptionalLong.empty(), 0, 0))
                .hasMessageContaining("temperature");
    }

    @Test
    void aContinuationCountsOnlyTheTokensLeft() {
        GenerationRequest request = new GenerationRequest("r1", "m", new Prompt.Text("Once"),
                SamplingParameters.DEFAULTS.withMaxTokens(50));
        GenerationRequest continued = request.continuing(" upon a time", 47);
        assertThat(continued.assistantPrefix()).isEqualTo(" upon a time");
        assertThat(continued.sampling().maxTokens()).isEqualTo(47);
        assertThat(new GenerationRequest("r1", "m", new Prompt.Text("x"), SamplingParameters.DEFAULTS)
                .continuing("y", 5).sampling().maxTokens()).isEqualTo(SamplingParameters.UNLIMITED);
    }

    @Test
    void sitesAndLoadsAreValidated() {
        Site paris = new Site("fr-par", "Paris", "FR", "Paris", 48.8566, 2.3522, Set.of("FR", "EU"));
        assertThat(paris.location().distanceKm(new GeoPoint(50.1109, 8.6821))).isBetween(470.0, 490.0);
        assertThatThrownBy(() -> new Site("FR_PAR", "Paris", "FR", "Paris", 0, 0, Set.of())).hasMessageContaining("site id");
        assertThatThrownBy(() -> new Site("fr-par", "Paris", "France", "Paris", 0, 0, Set.of())).hasMessageContaining("country");
        assertThatThrownBy(() -> new Site("fr-par", "Paris", "FR", "Paris", 91, 0, Set.of())).hasMessageContaining("latitude");
        assertThat(new EngineLoad(2, 2, 4, 0.5, 10).utilisation()).isEqualTo(1.0);
        assertThat(new EngineLoad(1, 0, 4, 0.5, 10).utilisation()).isEqualTo(0.25);
        assertThatThrownBy(() -> new EngineLoad(0, 0, 1, 1.5, 0)).hasMessageContaining("kvCacheUsage");
        assertThatThrownBy(() -> new TokenUsage(-1, 0)).hasMessageContaining("promptTokens");
    }

    @Test
    void everyErrorCodeIsUniqueAndMapsToAnHttpStatus() {
        assertThat(java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code).distinct().count())
                .isEqualTo(ErrorCode.values().length);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.httpStatus()).isBetween(400, 599);
        }
        assertThat(new HyperlocalException(ErrorCode.INVALID_VALUE, "bad", "").param()).isEmpty();
    }
}
