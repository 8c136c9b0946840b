package io.hyperlocal.server.access;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.database.WouldBlock;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API keys in PostgreSQL, with an in-memory cache so that authenticating a known key costs no
 * database round trip. Revoked keys stay cached (their refusal says when); unknown keys are
 * remembered for {@link #UNKNOWN_TTL} at most. The {@link ChangeFeed} evicts what any replica
 * changed, so a revocation, deletion or new key made elsewhere is seen here within a second.
 * Expiry needs no feed: it is checked against the clock on every use.
 */
@Singleton
public class ApiKeyStore implements ChangeFeed.Listener {
    /** How long a key that is not in the database is answered from memory; the feed ends it earlier. */
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);
    /** Unknown keys remembered at most; beyond, they are all forgotten (random keys cannot grow memory). */
    static final int MAX_UNKNOWN = 100_000;
    private static final String SELECT = "select k.id, k.prefix, k.owner, coalesce(s.country, k.jurisdiction), k.role,"
            + " coalesce(k.subscriber_id, ''), coalesce(k.partner_app_id, ''), k.description, k.created_at,"
            + " k.expires_at, k.revoked_at from api_key k left join subscriber s on s.id = k.subscriber_id";

    private sealed interface Entry {}

    private record Known(KeyRecord key) implements Entry {}

    private record Unknown(Instant until) implements Entry {}

    private final DataSource dataSource;
    private final Clock clock;
    /** By SHA-256 of the key, in hex. */
    private final FeedCache<String, Entry> cache = new FeedCache<>();

    @Inject
    public ApiKeyStore(DataSource dataSource, Instance<Clock> clock) {
        this(dataSource, clock.isResolvable() ? clock.get() : Clock.systemUTC());
    }

    /** A store on {@code dataSource}; another instance on the same database plays another replica. */
    public ApiKeyStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The clock that expiry is checked against. */
    public Clock clock() {
        return clock;
    }

    /** The stored key, revoked and expired ones included (the caller says why it refuses them). */
    public Optional<KeyRecord> find(String key) {
        String hash = ApiKeys.hashHex(key);
        Optional<Entry> cached = cache.get(hash);
        if (cached.isPresent()) {
            switch (cached.get()) {
                case Known known -> {
                    return Optional.of(known.key());
                }
                case Unknown unknown -> {
                    if (clock.instant().isBefore(unknown.until())) {
                        return Optional.empty();
                    }
                }
            }
        }
        WouldBlock.check();
        long generation = cache.generation();
        Optional<KeyRecord> loaded = queryOne(" where k.hash = ?",
                statement -> statement.setBytes(1, HexFormat.of().parseHex(hash)), "look up an API key");
        if (loaded.isEmpty() && cache.size() >= MAX_UNKNOWN) {
            cache.evictIf((ignored, entry) -> entry instanceof Unknown);
            generation = cache.generation();
        }
        cache.putUnlessEvictedSince(hash, loaded.<Entry>map(Known::new)
                .orElseGet(() -> new Unknown(clock.instant().plus(UNKNOWN_TTL))), generation);
        return loaded;
    }

    /** Stores a new operator key (admin or demo), scoped to no subscriber; returns its id. */
    public String insert(String key, String owner, String jurisdiction, String description, Principal.Role role) {
        return create(key, new KeyScope.Unscoped(), role, owner, jurisdiction, description, Optional.empty()).id();
    }

    /** Stores a new key; the key itself is not kept, only its SHA-256 and its first characters. */
    public KeyRecord create(String key, KeyScope scope, Principal.Role role, String owner, String jurisdiction,
            String description, Optional<Instant> expiresAt) {
        String id = "key_" + ApiKeys.hashHex(key).substring(0, 16);
        String sql = "insert into api_key (id, prefix, hash, owner, jurisdiction, description, role, subscriber_id,"
                + " partner_app_id, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.setString(2, ApiKeys.visiblePrefix(key));
            statement.setBytes(3, ApiKeys.hash(key));
            statement.setString(4, owner);
            statement.setString(5, jurisdiction);
            statement.setString(6, description);
            statement.setString(7, role.name().toLowerCase(Locale.ROOT));
            switch (scope) {
                case KeyScope.Subscriber subscriber -> {
                    statement.setString(8, subscriber.subscriberId());
                    statement.setNull(9, Types.VARCHAR);
                }
                case KeyScope.PartnerApp app -> {
                    statement.setNull(8, Types.VARCHAR);
                    statement.setString(9, app.partnerAppId());
                }
                case KeyScope.Unscoped unscoped -> {
                    statement.setNull(8, Types.VARCHAR);
                    statement.setNull(9, Types.VARCHAR);
                }
            }
            if (expiresAt.isPresent()) {
                statement.setObject(10, OffsetDateTime.ofInstant(expiresAt.get(), ZoneOffset.UTC));
            } else {
                statement.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw databaseFailure("store API key " + ApiKeys.visiblePrefix(key) + "...", e);
        }
        cache.evict(ApiKeys.hashHex(key));
        return byId(id).orElseThrow(() -> new IllegalStateException("the key " + id + " vanished after its insert"));
    }

    /** Every key, newest first; only those of {@code scope} when it is not {@link KeyScope.Unscoped}. */
    public List<KeyRecord> list(KeyScope scope) {
        String where = switch (scope) {
            case KeyScope.Subscriber subscriber -> " where k.subscriber_id = ?";
            case KeyScope.PartnerApp app -> " where k.partner_app_id = ?";
            case KeyScope.Unscoped unscoped -> "";
        };
        return query(where + " order by k.created_at desc, k.id", statement -> {
            switch (scope) {
                case KeyScope.Subscriber subscriber -> statement.setString(1, subscriber.subscriberId());
                case KeyScope.PartnerApp app -> statement.setString(1, app.partnerAppId());
                case KeyScope.Unscoped unscoped -> { }
            }
        }, "list API keys");
    }

    public Optional<KeyRecord> byId(String id) {
        return queryOne(" where k.id = ?", statement -> statement.setString(1, id), "read API key " + id);
    }

    /**
     * Revokes a key at once on this replica (other replicas follow through the feed); revoking a
     * revoked key keeps its first revocation time. Empty when no key has this id.
     */
    public Optional<KeyRecord> revoke(String id) {
        String sql = "update api_key set revoked_at = coalesce(revoked_at, now()) where id = ? returning hash";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                cache.evict(HexFormat.of().formatHex(rows.getBytes(1)));
            }
        } catch (SQLException e) {
            throw databaseFailure("revoke API key " + id, e);
        }
        return byId(id);
    }

    /** Marks every key of {@code owner} revoked and forgets them. */
    public void revokeAll(String owner) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "update api_key set revoked_at = now() where owner = ? and revoked_at is null")) {
            statement.setString(1, owner);
            statement.executeUpdate();
            cache.evictIf((hash, entry) -> entry instanceof Known known && known.key().owner().equals(owner));
        } catch (SQLException e) {
            throw databaseFailure("revoke the keys of " + owner, e);
        }
    }

    @Override
    public void changed(Change change) {
        switch (change.kind()) {
            case API_KEY -> cache.evict(change.reference());
            // The jurisdiction of a subscriber key is the subscriber's country, which may have changed.
            case SUBSCRIBER -> cache.evictIf((hash, entry) -> entry instanceof Known known
                    && known.key().scope() instanceof KeyScope.Subscriber subscriber
                    && subscriber.subscriberId().equals(change.reference()));
            case PARTNER_APP, PARTNER_LINK -> { }
        }
    }

    @Override
    public void reset() {
        cache.clear();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Optional<KeyRecord> queryOne(String where, Binder binder, String what) {
        List<KeyRecord> rows = query(where, binder, what);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<KeyRecord> query(String where, Binder binder, String what) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT + where)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<KeyRecord> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(new KeyRecord(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4).trim(), Principal.Role.valueOf(rows.getString(5).toUpperCase(Locale.ROOT)),
                            KeyScope.of(rows.getString(6), rows.getString(7)), rows.getString(8), instant(rows, 9)
                                    .orElseThrow(), instant(rows, 10), instant(rows, 11)));
                }
                return keys;
            }
        } catch (SQLException e) {
            throw databaseFailure(what, e);
        }
    }

    private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    static HyperlocalException databaseFailure(String what, SQLException e) {
        return new HyperlocalException(ErrorCode.INTERNAL,
                "Could not " + what + ": the database answered " + e.getSQLState() + " " + e.getMessage()
                        + ". Check that PostgreSQL is running (GET /q/health/ready).", "", e);
    }
}
