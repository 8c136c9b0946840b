package io.hyperlocal.engines.remote;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link OpenAiCompatibleEngine} reaches its server and guards itself against it.
 *
 * @param baseUrl the server's OpenAI base URL, {@code http} or {@code https}, usually ending in {@code /v1};
 *     requests go to {@code baseUrl + "/chat/completions"} and the like. A trailing slash is dropped.
 * @param apiKey sent as {@code Authorization: Bearer}; {@link #NO_API_KEY} sends none
 * @param models the model ids the server serves; empty to discover them from {@code GET /models} at
 *     every poll
 * @param contextLength tokens of context published for a model whose server does not say
 *     ({@code max_model_len} in vLLM's model list), at least 1
 * @param connectTimeout longest wait for a TCP (and TLS) connection, positive
 * @param firstTokenTimeout longest wait from sending a request to its first generated text, positive;
 *     covers the upstream's queue and prompt evaluation
 * @param idleTimeout longest silence between two events of a stream once text flows, positive;
 *     keep-alive comments do not count as events
 * @param slots generations sent to the server at once, in [1, {@value #MAX_SLOTS}]
 * @param waitingLimit generations queued here for a slot before the engine answers
 *     {@code ENGINE_OVERLOADED}, at least 0
 * @param metricsUrl the server's Prometheus endpoint, read for vLLM's load metrics;
 *     {@link #NO_METRICS} for none
 * @param pollInterval time between two probes of the server (model list, metrics), positive
 * @param failuresBeforeDown consecutive failed probes or requests (connection errors, timeouts, 5xx)
 *     after which the engine reports itself down, at least 1
 * @param answerTimeout longest wait from sending a request to the end of its answer when the caller
 *     takes the answer whole ({@link io.hyperlocal.core.Delivery#WHOLE}): the server then sends one JSON
 *     body at the end instead of a stream, so there is no first token or silence to watch, positive
 */
public record RemoteEngineSettings(
        URI baseUrl,
        String apiKey,
        List<String> models,
        int contextLength,
        Duration connectTimeout,
        Duration firstTokenTimeout,
        Duration idleTimeout,
        int slots,
        int waitingLimit,
        URI metricsUrl,
        Duration pollInterval,
        int failuresBeforeDown,
        Duration answerTimeout) {

    public static final String NO_API_KEY = "";
    /** The sentinel for a server without Prometheus metrics: the empty URI. */
    public static final URI NO_METRICS = URI.create("");
    public static final int MAX_SLOTS = 4096;
    public static final int DEFAULT_CONTEXT_LENGTH = 4096;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Long enough for a long prompt on a busy server. */
    public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_SLOTS = 64;
    public static final int DEFAULT_WAITING_LIMIT = 256;
    /** Matches the site agents' heartbeat period, so routing sees figures as fresh as theirs. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_FAILURES_BEFORE_DOWN = 3;
    /** The OpenAI SDKs' own default request timeout: a client gives up by then anyway. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofMinutes(10);

    public RemoteEngineSettings {
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        Objects.requireNonNull(apiKey, "apiKey is null");
        Objects.requireNonNull(metricsUrl, "metricsUrl is null");
        baseUrl = requireHttp("baseUrl", baseUrl);
        if (!metricsUrl.equals(NO_METRICS)) {
            metricsUrl = requireHttp("metricsUrl", metricsUrl);
        }
        models = List.copyOf(Objects.requireNonNull(models, "models is null"));
        if (models.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("models must not hold a blank id: " + models);
        }
        if (new HashSet<>(models).size() != models.size()) {
            throw new IllegalArgumentException("models must not hold an id twice: " + models);
        }
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength must be at least 1: " + contextLength);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("firstTokenTimeout", firstTokenTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("pollInterval", pollInterval);
        requirePositive("answerTimeout", answerTimeout);
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be in [1, " + MAX_SLOTS + "]: " + slots);
        }
        if (waitingLimit < 0) {
            throw new IllegalArgumentException("waitingLimit must not be negative: " + waitingLimit);
        }
        if (failuresBeforeDown < 1) {
            throw new IllegalArgumentException("failuresBeforeDown must be at least 1: " + failuresBeforeDown);
        }
    }

    /**
     * Defaults for a server at {@code baseUrl}: no API key, models discovered, metrics read at the
     * origin's {@code /metrics} (where vLLM serves them), and the {@code DEFAULT_*} presets.
     */
    public static RemoteEngineSettings defaults(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        URI http = requireHttp("baseUrl", baseUrl);
        return new RemoteEngineSettings(http, NO_API_KEY, List.of(), DEFAULT_CONTEXT_LENGTH, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_FIRST_TOKEN_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_SLOTS, DEFAULT_WAITING_LIMIT,
                http.resolve("/metrics"), DEFAULT_POLL_INTERVAL, DEFAULT_FAILURES_BEFORE_DOWN,
                DEFAULT_ANSWER_TIMEOUT);
    }

    /** The bearer token to send, if any. */
    public Optional<String> bearerToken() {
        return apiKey.isEmpty() ? Optional.empty() : Optional.of(apiKey);
    }

    /** The metrics endpoint, if the server has one. */
    public Optional<URI> metricsEndpoint() {
        return metricsUrl.equals(NO_METRICS) ? Optional.empty() : Optional.of(metricsUrl);
    }

    /** True when the model list comes from the server rather than from {@link #models()}. */
    public boolean discoversModels() {
        return models.isEmpty();
    }

    /** {@code baseUrl} followed by {@code path}, which starts with a slash. */
    URI endpoint(String path) {
        return URI.create(baseUrl + path);
    }

    public RemoteEngineSettings withApiKey(String newApiKey) {
        return new RemoteEngineSettings(baseUrl, newApiKey, models, contextLength, connectTimeout, firstTokenTimeout,
                idleTimeout, slots, waitingLimit, metricsUrl, pollInterval, failuresBeforeDown, answerTimeout);
    }

    public RemoteEngineSettings withModels(List<String> newModels, int newContextLength) {
        return new RemoteEngineSettings(baseUrl, apiKey, newModels, newContextLength, connectTimeout,
                firstTokenTimeout, idleTimeout, slots, waitingLimit, metricsUrl, pollInterval, failuresBeforeDown,
                answerTimeout);
    }

    public RemoteEngineSettings withTimeouts(Duration newConnect, Duration newFirstToken, Duration newIdle) {
        return new RemoteEngineSettings(baseUrl, apiKey, models, contextLength, newConnect, newFirstToken, newIdle,
                slots, waitingLimit, metricsUrl, pollInterval, failuresBeforeDown, answerTimeout);
    }

    public RemoteEngineSettings withSlots(int newSlots, int newWaitingLimit) {
        return new RemoteEngineSettings(baseUrl, apiKey, models, contextLength, connectTimeout, firstTokenTimeout,
                idleTimeout, newSlots, newWaitingLimit, metricsUrl, pollInterval, failuresBeforeDown, answerTimeout);
    }

    public RemoteEngineSettings withMetricsUrl(URI newMetricsUrl) {
        return new RemoteEngineSettings(baseUrl, apiKey, models, contextLength, connectTimeout, firstTokenTimeout,
                idleTimeout, slots, waitingLimit, newMetricsUrl, pollInterval, failuresBeforeDown, answerTimeout);
    }

    public RemoteEngineSettings withPolling(Duration newPollInterval, int newFailuresBeforeDown) {
        return new RemoteEngineSettings(baseUrl, apiKey, models, contextLength, connectTimeout, firstTokenTimeout,
                idleTimeout, slots, waitingLimit, metricsUrl, newPollInterval, newFailuresBeforeDown,
                answerTimeout);
    }

    public RemoteEngineSettings withAnswerTimeout(Duration newAnswerTimeout) {
        return new RemoteEngineSettings(baseUrl, apiKey, models, contextLength, connectTimeout, firstTokenTimeout,
                idleTimeout, slots, waitingLimit, metricsUrl, pollInterval, failuresBeforeDown, newAnswerTimeout);
    }

    private static URI requireHttp(String name, URI uri) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException(name + " must be an absolute http or https URL: " + uri);
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(name + " must have no query or fragment: " + uri);
        }
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
