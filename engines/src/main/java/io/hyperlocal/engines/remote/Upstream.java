package io.hyperlocal.engines.remote;

import io.hyperlocal.engines.TokenRate;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What the generations and probes of one {@link OpenAiCompatibleEngine} share: generations stream over
 * {@code transport}, probes use {@code client}.
 */
record Upstream(
        String engineId,
        RemoteEngineSettings settings,
        HttpClient client,
        StreamTransport transport,
        UpstreamHealth health,
        TokenRate rate,
        ScheduledExecutorService scheduler,
        LongSupplier nanoTime) {

    /** A request to {@code url} with the engine's credentials. */
    HttpRequest.Builder request(URI url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        settings.bearerToken().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    Duration staleAfter() {
        return settings.pollInterval().multipliedBy(3);
    }
}
