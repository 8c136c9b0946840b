package io.hyperlocal.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hyperlocal.core.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A site agent's configuration file ({@code site.yaml}), validated: every problem names its field.
 *
 * <pre>
 * site:
 *   id: fr-lyo
 *   name: Lyon
 *   country: FR
 *   city: Lyon
 *   latitude: 45.764
 *   longitude: 4.8357
 *   jurisdictionTags: [FR, EU]
 * token: change-me                      # or env HYPERLOCAL_FEDERATION_TOKEN
 * port: 9101                            # --port wins; default 9100
 * advertiseUrl: http://10.0.0.7:9101    # how the gateway reaches this agent; default http://127.0.0.1:PORT
 * engines:
 *   - id: sim
 *     kind: simulated                   # placeholder text with vLLM-like timing
 *     models: [demo-model]
 *     slots: 8
 *     tokenDelayMs: 30
 *     seed: 42
 *   - id: llama
 *     kind: llama.cpp
 *     gguf: /models/stories260K.gguf    # served as the file's model id unless 'models' names it
 *     slots: 2
 *     contextSize: 2048
 * </pre>
 *
 * @param site the site this agent is
 * @param token the federation token; empty when the file has none (the environment may supply it)
 * @param port HTTP port from the file, or 0 for none
 * @param advertiseUrl the base URL (without {@code /v1}) the gateway calls; empty for the default
 * @param engines at least one
 */
public record SiteConfig(Site site, String token, int port, String advertiseUrl, List<Engine> engines) {
    public static final int DEFAULT_PORT = 9100;
    private static final Set<String> FIELDS = Set.of("site", "token", "port", "advertiseUrl", "engines");
    private static final Set<String> SITE_FIELDS =
            Set.of("id", "name", "country", "city", "latitude", "longitude", "jurisdictionTags");
    private static final Set<String> ENGINE_FIELDS =
            Set.of("id", "kind", "models", "slots", "tokenDelayMs", "firstTokenDelayMs", "seed", "gguf", "contextSize",
                    "threads");
    private static final Pattern ENGINE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public SiteConfig {
        Objects.requireNonNull(site, "site is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl is null");
        engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("engines must hold at least one engine");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        Set<String> ids = new HashSet<>();
        for (Engine engine : engines) {
            if (!ids.add(engine.id())) {
                throw new IllegalArgumentException("engines[].id must be unique: " + engine.id() + " appears twice");
            }
        }
    }

    /**
     * One engine of the site.
     *
     * @param id unique within the site, lower case
     * @param kind {@code simulated} or {@code llama.cpp}
     * @param models the model ids served; for llama.cpp, empty to use the file's own id
     * @param slots sequences run at once, at least 1
     * @param firstTokenDelay simulated: time to first token
     * @param tokenDelay simulated: time between tokens
     * @param seed simulated: the seed of the text when a request has none
     * @param gguf llama.cpp: the model file; empty path for simulated
     * @param contextSize llama.cpp: context tokens per slot
     * @param threads llama.cpp: CPU threads, 0 for half the cores
     */
    public record Engine(String id, String kind, List<String> models, int slots, Duration firstTokenDelay,
            Duration tokenDelay, long seed, String gguf, int contextSize, int threads) {
        public Engine {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(kind, "kind is null");
            models = List.copyOf(Objects.requireNonNull(models, "models is null"));
            Objects.requireNonNull(firstTokenDelay, "firstTokenDelay is null");
            Objects.requireNonNull(tokenDelay, "tokenDelay is null");
            Objects.requireNonNull(gguf, "gguf is null");
            if (!ENGINE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("engines[].id must be lower-case letters, digits, dots, dashes: " + id);
            }
            if (slots < 1) {
                throw new IllegalArgumentException("engines[" + id + "].slots must be at least 1: " + slots);
            }
            switch (kind) {
                case "simulated" -> {
                    if (models.isEmpty()) {
                        throw new IllegalArgumentException("engines[" + id + "].models must name at least one model");
                    }
                }
                case "llama.cpp" -> {
                    if (gguf.isBlank()) {
                        throw new IllegalArgumentException("engines[" + id + "].gguf must name a GGUF model file");
                    }
                    if (models.size() > 1) {
                        throw new IllegalArgumentException("engines[" + id + "]: a llama.cpp engine serves one model: " + models);
                    }
                }
                default -> throw new IllegalArgumentException(
                        "engines[" + id + "].kind must be 'simulated' or 'llama.cpp': " + kind);
            }
        }
    }

    /** Reads and validates a YAML (or JSON) file. */
    public static SiteConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": there is no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static SiteConfig parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the configuration must be a mapping with 'site' and 'engines'");
        }
        rejectUnknown(root, FIELDS, "");
        JsonNode siteNode = required(root, "site", "");
        rejectUnknown(siteNode, SITE_FIELDS, "site.");
        Set<String> tags = new HashSet<>(strings(siteNode, "jurisdictionTags", "site."));
        Site site = new Site(text(siteNode, "id", "site."), text(siteNode, "name", "site."),
                text(siteNode, "country", "site."), text(siteNode, "city", "site."),
                number(siteNode, "latitude", "site."), number(siteNode, "longitude", "site."), tags);
        JsonNode enginesNode = required(root, "engines", "");
        if (!enginesNode.isArray()) {
            throw new IllegalArgumentException("'engines' must be a list");
        }
        List<Engine> engines = new ArrayList<>();
        for (int i = 0; i < enginesNode.size(); i++) {
            engines.add(engine(enginesNode.get(i), "engines[" + i + "]."));
        }
        return new SiteConfig(site, optionalText(root, "token", ""), (int) integer(root, "port", 0, ""),
                optionalText(root, "advertiseUrl", ""), engines);
    }

    private static Engine engine(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("'" + path.substring(0, path.length() - 1) + "' must be a mapping");
        }
        rejectUnknown(node, ENGINE_FIELDS, path);
        return new Engine(text(node, "id", path), text(node, "kind", path), strings(node, "models", path),
                (int) integer(node, "slots", 8, path),
                Duration.ofMillis(integer(node, "firstTokenDelayMs", 50, path)),
                Duration.ofMillis(integer(node, "tokenDelayMs", 20, path)),
                integer(node, "seed", 42, path), optionalText(node, "gguf", path),
                (int) integer(node, "contextSize", 2048, path), (int) integer(node, "threads", 0, path));
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + path + name + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static JsonNode required(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + path + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name, String path) {
        JsonNode value = required(node, name, path);
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("'" + path + name + "' must be text: " + value);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? "" : text(node, name, path);
    }

    private static double number(JsonNode node, String name, String path) {
        JsonNode value = required(node, name, path);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + path + name + "' must be a number: " + value);
        }
        return value.doubleValue();
    }

    private static long integer(JsonNode node, String name, long fallback, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + path + name + "' must be a whole number: " + value);
        }
        return value.longValue();
    }

    private static List<String> strings(JsonNode node, String name, String path) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + path + name + "' must be a list: " + value);
        }
        List<String> strings = new ArrayList<>();
        value.forEach(item -> strings.add(item.asText()));
        return strings;
    }
}
