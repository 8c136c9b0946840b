package io.hyperlocal.routing;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of routing one request: the candidates to try, best first, and the ones filtered out
 * with their reason. An empty {@link #ordered()} list means the request cannot be served.
 */
public record Route(String requestId, String model, List<ScoredCandidate> ordered, List<Rejection> rejected) {
    public Route {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(model, "model is null");
        ordered = List.copyOf(Objects.requireNonNull(ordered, "ordered is null"));
        rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected is null"));
    }

    /** A one-line summary for the {@code x-hyperlocal-route} header: {@code fr-par/llama-cpp=0.93;...}. */
    public String summary() {
        return ordered.stream()
                .map(scored -> scored.candidate().label() + "=" + String.format(java.util.Locale.ROOT, "%.2f", scored.score()))
                .collect(Collectors.joining(";"));
    }
}
