package io.hyperlocal.server;

import io.hyperlocal.server.database.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The platform as tests run it: a real embedded PostgreSQL on a fresh data directory and a models
 * directory holding the real tiny llama model, stories260K. Shared by every {@code @QuarkusTest}.
 */
public class TestPlatform implements QuarkusTestResourceLifecycleManager {
    /** The federation token of the test platform, which site agents started by tests use. */
    public static final String FEDERATION_TOKEN = "test-federation-token";
    private static Path dataDir;
    private EmbeddedPostgres database;

    /** The test model, located through the property the build sets; a missing file fails loudly. */
    public static Path testModel() {
        String property = System.getProperty("hyperlocal-test.model");
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("System property hyperlocal-test.model is not set: run the tests through "
                    + "Maven (./mvnw verify), which points it at ../shared/models/stories260K.gguf");
        }
        Path model = Path.of(property);
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("The test model " + model + " does not exist. The tests need the "
                    + "shared folder beside the repository (../shared/models/stories260K.gguf).");
        }
        return model;
    }

    /** The demo key the platform created on start. */
    public static String demoKey() {
        return key("demo-api-key");
    }

    /** The admin key the platform created on start. */
    public static String adminKey() {
        return key("admin-api-key");
    }

    private static String key(String file) {
        try {
            return Files.readString(dataDir.resolve(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the platform wrote no " + file + " in " + dataDir, e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("hyperlocal-test-data");
            Path modelsDir = Files.createTempDirectory("hyperlocal-test-models");
            Files.copy(testModel(), modelsDir.resolve("stories260K.gguf"));
            database = EmbeddedPostgres.start(dataDir.resolve("postgres"));
            return Map.of(
                    "hyperlocal.db.url", database.jdbcUrl(),
                    "hyperlocal.db.user", database.username(),
                    "hyperlocal.data.dir", dataDir.toString(),
                    "hyperlocal.models.dir", modelsDir.toString(),
                    "hyperlocal.llama.context-size", "512",
                    "hyperlocal.llama.threads", "1",
                    "hyperlocal.gateway.max-request-bytes", "1048576",
                    "hyperlocal.federation.token", FEDERATION_TOKEN,
                    // Small, so that a subscriber's request without max_tokens shows the clamp (QuotaHttpTest).
                    "hyperlocal.quota.default-max-tokens", "8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
