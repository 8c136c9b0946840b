package io.hyperlocal.engines.remote;

import io.hyperlocal.engines.ModelInfo;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The periodic probes of a remote server: its model list ({@code GET /models}), read when models are
 * discovered or when there is no metrics endpoint to tell that the server lives, and vLLM's metrics.
 * A probe still in flight at the next tick is not sent again, so a hanging server gets one probe per
 * timeout rather than a pile of them. Probes time out after {@link Upstream#staleAfter()}.
 *
 * <p>Any HTTP answer below 500, refused credentials aside, shows the server alive. So does a 501 from
 * the metrics endpoint: llama-server started without {@code --metrics} answers so, which only means
 * there are no metrics to read.
 */
final class UpstreamProbes {
    private static final System.Logger LOG = System.getLogger(UpstreamProbes.class.getName());
    private static final int NOT_IMPLEMENTED = 501;

    /** Metrics as last read, with the time they were read. */
    record Snapshot(VllmMetrics metrics, long readAt) {}

    private final Upstream upstream;
    private final AtomicBoolean modelsInFlight = new AtomicBoolean();
    private final AtomicBoolean metricsInFlight = new AtomicBoolean();
    private volatile List<ModelInfo> discovered = List.of();
    private volatile Optional<Snapshot> metrics = Optional.empty();
    private volatile boolean metricsFormatReported;

    UpstreamProbes(Upstream upstream) {
        this.upstream = upstream;
    }

    /** The models of the last successful discovery; empty before it. */
    List<ModelInfo> discovered() {
        return discovered;
    }

    /** The metrics, if read within {@link Upstream#staleAfter()}. */
    Optional<VllmMetrics> freshMetrics() {
        long now = upstream.nanoTime().getAsLong();
        return metrics.filter(snapshot -> now - snapshot.readAt() <= upstream.staleAfter().toNanos())
                .map(Snapshot::metrics);
    }

    /** One round of probes; returns at once. */
    void poll() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; one bad round must not end the polling.
            LOG.log(System.Logger.Level.WARNING, "Engine " + upstream.engineId() + ": a probe round failed", e);
        }
    }

    private void pollOnce() {
        RemoteEngineSettings settings = upstream.settings();
        Optional<URI> metricsUrl = settings.metricsEndpoint();
        if (settings.discoversModels() || metricsUrl.isEmpty()) {
            probe(settings.endpoint("/models"), modelsInFlight, this::modelsAnswered);
        }
        metricsUrl.ifPresent(url -> probe(url, metricsInFlight, this::metricsAnswered));
    }

    private void probe(URI url, AtomicBoolean inFlight, Consumer<HttpResponse<String>> answered) {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        HttpRequest request = upstream.request(url).timeout(upstream.staleAfter()).GET().build();
        try {
            upstream.client().sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .whenComplete((response, failure) -> {
                        inFlight.set(false);
                        if (failure != null) {
                            upstream.health().failure(UpstreamErrors.unreachable(upstream.engineId(), url, failure,
                                    upstream.settings().connectTimeout()).getMessage());
                        } else {
                            answered.accept(response);
                        }
                    });
        } catch (RuntimeException e) {
            // The client is shut down: the engine is closing and its polling stops.
            inFlight.set(false);
        }
    }

    private void modelsAnswered(HttpResponse<String> response) {
        if (!countAnswer(response)) {
            return;
        }
        if (response.statusCode() == 200 && upstream.settings().discoversModels()) {
            try {
                discovered = OpenAiJson.models(response.body(), upstream.settings().contextLength(),
                        upstream.settings().baseUrl().toString());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "Engine {0}: {1} answered a model list this engine cannot "
                        + "read ({2}); keeping the previous list", upstream.engineId(), response.uri(), e.getMessage());
            }
        }
    }

    private void metricsAnswered(HttpResponse<String> response) {
        if (response.statusCode() == NOT_IMPLEMENTED) {
            upstream.health().success();
            metrics = Optional.empty();
            return;
        }
        if (!countAnswer(response)) {
            return;
        }
        if (response.statusCode() != 200) {
            metrics = Optional.empty();
            return;
        }
        try {
            metrics = Optional.of(new Snapshot(VllmMetrics.parse(response.body()), upstream.nanoTime().getAsLong()));
        } catch (IllegalArgumentException e) {
            metrics = Optional.empty();
            if (!metricsFormatReported) {
                metricsFormatReported = true;
                LOG.log(System.Logger.Level.WARNING, "Engine {0}: cannot read the metrics of {1}; load falls back "
                        + "to the engine''s own counts: {2}", upstream.engineId(), response.uri(), e.getMessage());
            }
        }
    }

    /** Counts an answer for health; true when the server is alive. */
    private boolean countAnswer(HttpResponse<String> response) {
        int status = response.statusCode();
        if (UpstreamErrors.isServerFailure(status)) {
            upstream.health().failure("engine '" + upstream.engineId() + "': probe " + response.uri()
                    + " answered HTTP " + status + ": " + OpenAiJson.errorMessage(response.body()));
            return false;
        }
        upstream.health().success();
        return true;
    }
}
