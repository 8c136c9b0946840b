package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The route summary's number formatting gives exactly what {@code String.format("%.2f")} gives. */
class RouteNumbersTest {

    @Property(tries = 20_000)
    void twoDecimalsMatchesTheFormatter(@ForAll("scores") double value) {
        assertThat(Route.twoDecimals(value)).isEqualTo(String.format(Locale.ROOT, "%.2f", value));
    }

    /** Scores in [0, 1] above all, exact ties and their neighbours, and values far outside. */
    @Provide
    Arbitrary<Double> scores() {
        Arbitrary<Double> ties = Arbitraries.integers().between(0, 2000)
                .map(thousandths -> thousandths / 1000.0)
                .flatMap(tie -> Arbitraries.of(tie, Math.nextUp(tie), Math.nextDown(tie)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.doubles().between(0, 1)),
                net.jqwik.api.Tuple.of(3, ties),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(-1e7, 1e7)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0.0, -0.0, 0.005, 0.995, 0.125, 0.115, 1e6, 999_999.995,
                        Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, -0.001)));
    }
}
