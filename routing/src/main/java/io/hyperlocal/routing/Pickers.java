package io.hyperlocal.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The orderings behind {@link Picker}. */
final class Pickers {
    private Pickers() {}

    static List<ScoredCandidate> highestScore(List<ScoredCandidate> scored, RandomGenerator random) {
        List<ScoredCandidate> ordered = new ArrayList<>(scored);
        shuffle(ordered, random);
        // The sort is stable: equal scores keep the random order of the shuffle.
        ordered.sort((a, b) -> Double.compare(b.score(), a.score()));
        return ordered;
    }

    static List<ScoredCandidate> weightedRandom(List<ScoredCandidate> scored, RandomGenerator random) {
        record Keyed(ScoredCandidate candidate, double key) {}
        List<Keyed> keyed = new ArrayList<>(scored.size());
        for (ScoredCandidate candidate : scored) {
            double u = random.nextDouble();
            // A-Res: sorting by u^(1/w) descending samples without replacement with probability
            // proportional to w. Zero scores get keys below every positive one: u - 1 is in [-1, 0).
            double key = candidate.score() > 0 ? Math.pow(u, 1 / candidate.score()) : u - 1;
            keyed.add(new Keyed(candidate, key));
        }
        keyed.sort((a, b) -> Double.compare(b.key(), a.key()));
        return keyed.stream().map(Keyed::candidate).toList();
    }

    private static void shuffle(List<ScoredCandidate> list, RandomGenerator random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ScoredCandidate swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }
}
