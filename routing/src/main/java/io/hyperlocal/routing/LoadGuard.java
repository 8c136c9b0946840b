package io.hyperlocal.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks affinity that would pile work onto a hot engine: a candidate with prefix or session
 * affinity whose load score is lower than the best <em>other</em> candidate's by more than the
 * margin loses both affinity scores. A warm cache saves a prefill; a long queue costs more than
 * that (AIBrix's prefix router and llm-d's affinity filter break stickiness the same way).
 */
final class LoadGuard {
    private LoadGuard() {}

    static List<Scores> apply(List<Scores> scores, double margin) {
        // The best other candidate's load is the best overall, except for the best itself, whose
        // best other is the runner-up: two passes find both.
        int best = -1;
        double bestLoad = -1;
        double secondLoad = -1;
        for (int i = 0; i < scores.size(); i++) {
            double load = scores.get(i).load();
            if (load > bestLoad) {
                secondLoad = bestLoad;
                bestLoad = load;
                best = i;
            } else if (load > secondLoad) {
                secondLoad = load;
            }
        }
        List<Scores> guarded = new ArrayList<>(scores.size());
        for (int i = 0; i < scores.size(); i++) {
            Scores candidate = scores.get(i);
            double bestOther = i == best ? secondLoad : bestLoad;
            boolean tooLoaded = bestOther >= 0 && bestOther - candidate.load() > margin;
            guarded.add(candidate.hasAffinity() && tooLoaded ? candidate.withoutAffinity() : candidate);
        }
        return guarded;
    }
}
