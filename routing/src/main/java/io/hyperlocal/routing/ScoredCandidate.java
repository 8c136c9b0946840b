package io.hyperlocal.routing;

import java.util.Objects;

/** A candidate that passed the filters, with its score in [0, 1] (higher is better). */
public record ScoredCandidate(Candidate candidate, double score) {
    public ScoredCandidate {
        Objects.requireNonNull(candidate, "candidate is null");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
    }
}
