package io.hyperlocal.server.federation;

import io.hyperlocal.engines.remote.RemoteEngineSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An engine declared for a site through the admin API: a remote OpenAI-compatible server or a
 * simulated engine. (The embedded llama.cpp engines come from the models directory.)
 *
 * @param id unique within the site
 * @param kind {@code openai-compatible}, {@code simulated}, or {@code site-agent} (registered by an agent's
 *     heartbeats: called with the federation token, up only while its heartbeats are fresh)
 * @param models the model ids it serves
 * @param maxConcurrency requests it runs at once
 * @param baseUrl for {@code openai-compatible}: its {@code .../v1} URL; empty otherwise
 */
public record EngineSpec(String id, String kind, List<String> models, int maxConcurrency, String baseUrl) {
    public static final Set<String> KINDS = Set.of("openai-compatible", "simulated", "site-agent");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public EngineSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(kind, "kind is null");
        models = List.copyOf(Objects.requireNonNull(models, "models is null"));
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("engine id must be lower-case letters, digits, dots, dashes: " + id);
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("engine kind must be one of " + KINDS + ": " + kind);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("engine " + id + " must serve at least one model");
        }
        if (maxConcurrency < 1 || maxConcurrency > 100_000) {
            throw new IllegalArgumentException("maxConcurrency must be in [1, 100000]: " + maxConcurrency);
        }
        if (!kind.equals("simulated")) {
            requireHttpUrl(id, kind, baseUrl);
        }
    }

    /**
     * The engine is built from this URL only when the federation is reloaded, after the site is
     * stored: a prefix check alone let {@code http://}, {@code http://a b} or a URL with a query
     * through, and the stored site then broke every later reload (each site change a 500) until it
     * was deleted. So the URL is checked here by the very rules the engine applies to it.
     */
    private static void requireHttpUrl(String id, String kind, String baseUrl) {
        String problem;
        try {
            RemoteEngineSettings.defaults(new URI(baseUrl));
            problem = null;
        } catch (URISyntaxException e) {
            problem = e.getReason() + " at index " + e.getIndex();
        } catch (IllegalArgumentException e) {
            problem = "it needs http or https, a host, and no query or fragment";
        }
        if (problem != null) {
            throw new IllegalArgumentException("engine " + id + ": an " + kind + " engine needs an http(s) baseUrl"
                    + " with a host, such as http://10.0.0.5:8000/v1; '" + baseUrl + "' cannot be used: " + problem);
        }
    }
}
