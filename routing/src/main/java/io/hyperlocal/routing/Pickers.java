package io.hyperlocal.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The orderings behind {@link Picker}. */
final class Pickers {
    /** Runs of this many positions are sorted by insertion before the merges. */
    private static final int RUN = 16;

    private Pickers() {}

    static List<ScoredCandidate> highestScore(List<ScoredCandidate> scored, RandomGenerator random) {
        ScoredCandidate[] shuffled = scored.toArray(ScoredCandidate[]::new);
        shuffle(shuffled, random);
        // Best score first; equal scores keep the random order of the shuffle (a stable sort). Sorted
        // as primitives: a comparator over the records took a third of a decision over 1,000
        // candidates (BenchmarkRouting); merging positions over a flat array of scores takes half that.
        double[] scores = new double[shuffled.length];
        for (int i = 0; i < shuffled.length; i++) {
            scores[i] = shuffled[i].score();
        }
        List<ScoredCandidate> ordered = new ArrayList<>(shuffled.length);
        for (int position : descendingStable(scores)) {
            ordered.add(shuffled[position]);
        }
        return ordered;
    }

    /**
     * Positions of {@code scores} (each in [0, 1]) from the highest score to the lowest, in
     * {@link Double#compare}'s order; equal scores in their positions' order. A bottom-up merge sort of
     * positions over the scores' bits: within [0, 1], and for {@code -0.0} (below {@code 0.0}, the
     * only negative a score may be), raw bits order as {@code Double.compare} does.
     */
    static int[] descendingStable(double[] scores) {
        int n = scores.length;
        long[] bits = new long[n];
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException("score must be in [0, 1]: " + scores[i]);
            }
            bits[i] = Double.doubleToRawLongBits(scores[i]);
            positions[i] = i;
        }
        for (int from = 0; from < n; from += RUN) {
            int to = Math.min(n, from + RUN);
            for (int i = from + 1; i < to; i++) {
                int position = positions[i];
                int j = i - 1;
                while (j >= from && bits[positions[j]] < bits[position]) {
                    positions[j + 1] = positions[j];
                    j--;
                }
                positions[j + 1] = position;
            }
        }
        int[] merged = new int[n];
        for (int width = RUN; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int middle = Math.min(n, from + width);
                int to = Math.min(n, from + 2 * width);
                int left = from;
                int right = middle;
                int out = from;
                while (left < middle && right < to) {
                    // Strictly higher on the right goes first: ties keep the left (earlier) position.
                    merged[out++] = bits[positions[right]] > bits[positions[left]]
                            ? positions[right++] : positions[left++];
                }
                System.arraycopy(positions, left, merged, out, middle - left);
                System.arraycopy(positions, right, merged, out + middle - left, to - right);
            }
            int[] swap = positions;
            positions = merged;
            merged = swap;
        }
        return positions;
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

    private static void shuffle(ScoredCandidate[] array, RandomGenerator random) {
        for (int i = array.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ScoredCandidate swap = array[i];
            array[i] = array[j];
            array[j] = swap;
        }
    }
}
