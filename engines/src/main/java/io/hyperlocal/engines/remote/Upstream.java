package io.hyperlocal.engines.remote;

import io.hyperlocal.core.Prompt;
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
        LongSupplier nanoTime,
        URI chatUrl,
        URI textUrl) {

    Upstream(String engineId, RemoteEngineSettings settings, HttpClient client, StreamTransport transport,
            UpstreamHealth health, TokenRate rate, ScheduledExecutorService scheduler, LongSupplier nanoTime) {
        // Parsed once: each generation posts to one of the two, and URI.create costs every request.
        this(engineId, settings, client, transport, health, rate, scheduler, nanoTime,
                settings.endpoint(OpenAiJson.CHAT_PATH), settings.endpoint(OpenAiJson.TEXT_PATH));
    }

    /** Where a generation of {@code prompt} is posted. */
    URI generationUrl(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Chat chat -> chatUrl;
            case Prompt.Text text -> textUrl;
        };
    }

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
