package io.hyperlocal.server.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every {@code hyperlocal.*} property. Each one can also be set by its environment variable (upper
 * case, dots and dashes as underscores: {@code hyperlocal.models.dir} is {@code HYPERLOCAL_MODELS_DIR}).
 * The README's configuration reference lists them; keep the two in step.
 */
@ConfigMapping(prefix = "hyperlocal")
public interface HyperlocalConfig {

    /** HTTP port of the gateway, the console, health and metrics. */
    @WithDefault("8080")
    int port();

    Db db();

    Admin admin();

    Models models();

    Data data();

    Gateway gateway();

    Llama llama();

    Simulated simulated();

    Federation federation();

    Quota quota();

    /** The database; without a URL, {@code ./hyperlocal up} starts the embedded PostgreSQL. */
    interface Db {
        /** JDBC URL of an external PostgreSQL. */
        Optional<String> url();

        @WithDefault("postgres")
        String user();

        Optional<String> password();
    }

    /** The platform team's access to {@code /admin}. */
    interface Admin {
        /**
         * The admin key; unset: one is created on first start and kept in
         * {@code <data-dir>/admin-api-key}.
         */
        Optional<String> key();
    }

    interface Models {
        /** Folder of GGUF files; each is served under a model id. Default {@code ~/.hyperlocal/models}. */
        @WithDefault("${user.home}/.hyperlocal/models")
        Path dir();
    }

    interface Data {
        /** Folder for the embedded database and the demo key file. Default {@code ~/.hyperlocal/data}. */
        @WithDefault("${user.home}/.hyperlocal/data")
        Path dir();
    }

    interface Gateway {
        /** The site this gateway runs in; it answers requests that no engine serves (lists, errors). */
        @WithDefault("fr-par")
        String site();

        /** Largest request body accepted on {@code /v1}, in bytes; larger bodies get 413. */
        @WithName("max-request-bytes")
        @WithDefault("4194304")
        int maxRequestBytes();

        /** Most inputs in one {@code /v1/embeddings} request. */
        @WithName("max-embedding-inputs")
        @WithDefault("2048")
        int maxEmbeddingInputs();

        /** How many times a stream that breaks after its first token may move to another site. */
        @WithName("max-migrations")
        @WithDefault("1")
        int maxMigrations();

        /** Failed requests in a row after which a site is skipped for a while (its circuit breaker opens). */
        @WithName("breaker-failures")
        @WithDefault("5")
        int breakerFailures();

        /** How long an open circuit breaker skips its site before one request may try it again. */
        @WithName("breaker-cooldown")
        @WithDefault("10s")
        java.time.Duration breakerCooldown();

        /** Most engines one request is tried on before its first token (the first included). */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();

        /** Seed of the router's random tie-break; unset for a random seed at start. */
        @WithName("routing-seed")
        Optional<Long> routingSeed();
    }

    interface Llama {
        /** Parallel sequences per site engine. */
        @WithDefault("2")
        int slots();

        /** Context tokens per slot. */
        @WithName("context-size")
        @WithDefault("2048")
        int contextSize();

        /** CPU threads for generation; 0 picks half the cores. */
        @WithDefault("0")
        int threads();

        /** Requests that may wait for a slot per engine before it answers 429. */
        @WithName("max-waiting")
        @WithDefault("64")
        int maxWaiting();
    }

    interface Simulated {
        /** Delay between tokens of the simulated engine, when no model is present. */
        @WithName("token-delay-ms")
        @WithDefault("20")
        int tokenDelayMs();
    }

    /** Site agents ({@code ./hyperlocal site}) that register and send heartbeats to {@code /federation}. */
    interface Federation {
        /**
         * The shared secret of the federation: agents send it as {@code Authorization: Bearer} on their
         * heartbeats, and the gateway sends it to the agents' {@code /v1}. Unset: {@code /federation}
         * refuses every agent (403).
         */
        Optional<String> token();

        /**
         * A YAML file of sites ({@code sites: [...]}, each shaped like {@code PUT /admin/sites/{id}}
         * plus its id), applied at every start: its sites are created or replaced; others stay.
         */
        @WithName("sites-file")
        Optional<java.nio.file.Path> sitesFile();

        /** A site agent without a heartbeat for this long is down; positive. Agents beat every 250 ms. */
        @WithName("down-after")
        @WithDefault("1500ms")
        java.time.Duration downAfter();
    }

    /**
     * Enforcement of subscribers' entitlements at admission: token allowances leased from PostgreSQL
     * by each replica, per-minute and concurrency limits in each replica's memory.
     */
    interface Quota {
        /**
         * Generation limit of a request that sets no {@code max_tokens}, and what it reserves of the
         * allowance for its completion; positive.
         */
        @WithName("default-max-tokens")
        @WithDefault("1024")
        int defaultMaxTokens();

        /** Tokens a chat template may add to a prompt (special tokens, role markers), reserved per request. */
        @WithName("prompt-overhead-tokens")
        @WithDefault("64")
        int promptOverheadTokens();

        /** Share of a period's allowance a replica leases at a time, in percent (1 to 100). */
        @WithName("lease-percent")
        @WithDefault("10")
        int leasePercent();

        /** How often a replica records consumption, gives back idle leases and their surplus. */
        @WithName("maintenance-interval")
        @WithDefault("1s")
        java.time.Duration maintenanceInterval();

        /** A lease unused for this long (nothing in flight) goes back to the database for other replicas. */
        @WithName("idle-return-after")
        @WithDefault("60s")
        java.time.Duration idleReturnAfter();

        /** After the database had no free tokens, how long a replica refuses from memory before asking again. */
        @WithName("exhausted-recheck")
        @WithDefault("1s")
        java.time.Duration exhaustedRecheck();
    }
}
