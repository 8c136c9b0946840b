package io.hyperlocal.routing;

import java.util.Objects;

/**
 * A candidate that passed the filters, with each scorer's score and the weighted total in [0, 1]
 * (higher is better).
 */
public record ScoredCandidate(Candidate candidate, Scores scores, double score) {
    public ScoredCandidate {
        Objects.requireNonNull(candidate, "candidate is null");
        Objects.requireNonNull(scores, "scores is null");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }
}
