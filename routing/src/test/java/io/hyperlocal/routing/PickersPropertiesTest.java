package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * The highest-score picker sorts primitives for speed; these properties hold it to what it replaced:
 * the survivors shuffled, then sorted best first by a stable comparator sort, so that equal scores stay
 * in the shuffle's random order and a seed replays the same order.
 */
class PickersPropertiesTest {

    @Property
    void positionsComeInTheOrderOfAStableDescendingSort(@ForAll("scores") @Size(max = 300) List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        List<Integer> expected = new ArrayList<>(IntStream.range(0, array.length).boxed().toList());
        expected.sort(Comparator.comparingDouble((Integer position) -> array[position]).reversed());

        assertThat(Pickers.descendingStable(array)).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
    }

    @Property
    void highestScoreOrdersAsTheShuffleAndStableSortDid(
            @ForAll("scores") @Size(max = 300) List<Double> values, @ForAll long seed) {
        List<ScoredCandidate> scored = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Candidate candidate = TestingFederation.candidate(TestingFederation.PARIS, "engine-" + i,
                    EngineHealth.READY, new EngineLoad(0, 0, 16, 0, 0));
            double score = values.get(i);
            scored.add(new ScoredCandidate(candidate, new Scores(score, score, 0, 0, false), score));
        }

        List<ScoredCandidate> reference = new ArrayList<>(scored);
        SplittableRandom referenceRandom = new SplittableRandom(seed);
        for (int i = reference.size() - 1; i > 0; i--) {
            Collections.swap(reference, i, referenceRandom.nextInt(i + 1));
        }
        reference.sort((a, b) -> Double.compare(b.score(), a.score()));

        assertThat(Pickers.highestScore(scored, new SplittableRandom(seed))).containsExactlyElementsOf(reference);
    }

    /**
     * Scores in [0, 1] with many ties: a few fixed values (both zeros, neighbours one bit apart), values
     * of two decimals, and any double of the range to its last bit (subnormals included).
     */
    @Provide
    Arbitrary<List<Double>> scores() {
        Arbitrary<Double> tied = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, 0.25, 0.5, 0.5000000000000001, 1.0);
        Arbitrary<Double> hundredths = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> anyBits = Arbitraries.longs().between(0, Double.doubleToRawLongBits(1.0))
                .map(Double::longBitsToDouble);
        return Arbitraries.frequencyOf(Tuple.of(1, tied), Tuple.of(1, hundredths), Tuple.of(1, anyBits)).list();
    }
}
