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

    Auth auth();
    Metering metering();
    Tmf tmf();
    Quota quota();

    /** The database; without a URL, {@code ./hyperlocal up} starts the embedded PostgreSQL. */
    interface Db {
        /** JDBC URL of an external PostgreSQL. */
        Optional<String> url();

        @WithDefault("postgres")
        String user();

        Optional<String> password();

        /**
         * Whether replicas learn of changes to credentials, entitlements and TMF events from PostgreSQL
         * notifications and poll only when something changed. They are tested at connection, so a
         * pooler that drops them is detected and polling goes on; {@code false} never listens.
         */
        @WithName("change-signals")
        @WithDefault("true")
        boolean changeSignals();
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

    /** Credentials other than API keys. */
    interface Auth {
        Jwt jwt();

        /**
         * OAuth2/OIDC bearer JWTs from the operator's identity provider. Disabled while no issuer is set:
         * then only API keys ({@code hl-...}) are accepted.
         */
        interface Jwt {
            /** The accepted {@code iss}, exactly; unset: JWTs are not accepted. */
            Optional<String> issuer();

            /** The issuer's public keys (JWKS): an {@code https:}, {@code http:} or {@code file:} URL; required with an issuer. */
            @WithName("jwks-url")
            Optional<String> jwksUrl();

            /** The {@code aud} a token must contain. */
            @WithDefault("hyperlocal")
            String audience();

            /** The claim naming the subscriber: a subscriber id, or an MSISDN when it starts with {@code +}. */
            @WithName("subscriber-claim")
            @WithDefault("sub")
            String subscriberClaim();

            /** The claim naming the partner app calling for the subscriber; ignored when absent or not a known app. */
            @WithName("partner-claim")
            @WithDefault("azp")
            String partnerClaim();

            /** Tolerance on {@code exp} and {@code nbf}; not negative. */
            @WithName("clock-skew")
            @WithDefault("60s")
            java.time.Duration clockSkew();

            /** Keys older than this are fetched again before use, so a withdrawn key stops working; positive. */
            @WithName("jwks-max-age")
            @WithDefault("5m")
            java.time.Duration jwksMaxAge();

            /** Shortest time between two JWKS fetches caused by tokens naming an unknown {@code kid}; not negative. */
            @WithName("jwks-min-refresh")
            @WithDefault("30s")
            java.time.Duration jwksMinRefresh();
        }
    }

    /** Usage metering: the local journal, its shipping to the ledger, and the optional Kafka export. */
    interface Metering {
        /**
         * The CloudEvents {@code source} of this gateway's usage records; with the request id it is
         * the record's unique key, so each gateway replica needs its own. Unset:
         * {@code hyperlocal://<host name>:<port>}.
         */
        Optional<String> source();

        /**
         * When the journal is flushed to the disk: {@code never} (the default: a killed process loses
         * nothing, a power loss may lose the last seconds) or {@code always} (before every response
         * ends: a disk flush per request).
         */
        @WithDefault("never")
        io.hyperlocal.server.metering.FsyncPolicy fsync();

        /**
         * How often the journal is shipped to the ledger in PostgreSQL; positive, and about the ledger's
         * lag. Each pass disturbs the requests served meanwhile whatever its size, so fewer, larger
         * passes cost less: measured side by side (bench/side-by-side.sh), 2 s halved the one-at-a-time
         * p99 against 200 ms, also over rounds of 40,000 requests in which both ship several times.
         * Much longer intervals make each pass a long burst of database work (bench/ROUNDS.md).
         */
        @WithName("ship-interval")
        @WithDefault("2s")
        java.time.Duration shipInterval();

        /** Most records in one insert into the ledger. */
        @WithName("batch-size")
        @WithDefault("1000")
        int batchSize();

        Kafka kafka();

        /** Publishing every ledger record to a Kafka topic; off without bootstrap servers. */
        interface Kafka {
            /** Kafka's {@code bootstrap.servers}, for example {@code broker1:9092,broker2:9092}; unset: off. */
            @WithName("bootstrap-servers")
            Optional<String> bootstrapServers();

            /** The topic the usage CloudEvents go to. */
            @WithDefault("hyperlocal.usage")
            String topic();

            /** How often the exporter looks for new ledger records; positive. */
            @WithName("poll-interval")
            @WithDefault("500ms")
            java.time.Duration pollInterval();
        }
    }

    /** The TM Forum APIs under {@code /tmf-api}: catalog, orders, inventory and their event hubs. */
    interface Tmf {
        /**
         * How often each gateway replica checks the catalog and inventory for changes (a one-row
         * read) to refresh the entitlements it holds in memory; positive, at most 500 ms so that a
         * change is enforced everywhere within a second.
         */
        @WithName("entitlement-refresh")
        @WithDefault("250ms")
        java.time.Duration entitlementRefresh();

        /** Delivery of events to the callbacks registered on the {@code /hub} endpoints. */
        Hub hub();

        interface Hub {
            /** Tries per event and callback before it is given up (and logged); 1 or more. */
            @WithName("max-attempts")
            @WithDefault("8")
            int maxAttempts();

            /** Wait before the second try; it doubles after each failure, up to {@code max-backoff}. */
            @WithName("initial-backoff")
            @WithDefault("1s")
            java.time.Duration initialBackoff();

            /** Longest wait between two tries. */
            @WithName("max-backoff")
            @WithDefault("5m")
            java.time.Duration maxBackoff();
        }
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
