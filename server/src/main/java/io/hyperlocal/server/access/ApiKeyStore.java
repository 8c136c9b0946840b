package io.hyperlocal.server.access;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/**
 * API keys in PostgreSQL, with an in-memory cache of known keys so that authenticating a request
 * costs no database round trip once its key has been seen.
 */
@ApplicationScoped
public class ApiKeyStore {
    private final DataSource dataSource;
    private final ConcurrentMap<String, Principal> byHash = new ConcurrentHashMap<>();

    @Inject
    public ApiKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The principal of a key, or empty when the key is unknown or revoked. */
    public Optional<Principal> find(String key) {
        String hash = ApiKeys.hashHex(key);
        Principal cached = byHash.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Principal> loaded = load(hash);
        loaded.ifPresent(principal -> byHash.put(hash, principal));
        return loaded;
    }

    /** Stores a new key; returns its id. */
    public String insert(String key, String owner, String jurisdiction, String description, Principal.Role role) {
        String id = "key_" + ApiKeys.hashHex(key).substring(0, 16);
        String sql = "insert into api_key (id, prefix, hash, owner, jurisdiction, description, role)"
                + " values (?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.setString(2, ApiKeys.visiblePrefix(key));
            statement.setBytes(3, ApiKeys.hash(key));
            statement.setString(4, owner);
            statement.setString(5, jurisdiction);
            statement.setString(6, description);
            statement.setString(7, role.name().toLowerCase(java.util.Locale.ROOT));
            statement.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw databaseFailure("store API key " + ApiKeys.visiblePrefix(key) + "...", e);
        }
    }

    /** Marks every key of {@code owner} revoked and forgets them. */
    public void revokeAll(String owner) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "update api_key set revoked_at = now() where owner = ? and revoked_at is null")) {
            statement.setString(1, owner);
            statement.executeUpdate();
            byHash.values().removeIf(principal -> principal.owner().equals(owner));
        } catch (SQLException e) {
            throw databaseFailure("revoke the keys of " + owner, e);
        }
    }

    private Optional<Principal> load(String hashHex) {
        String sql = "select id, owner, jurisdiction, role, coalesce(subscriber_id, ''), coalesce(partner_app_id, '')"
                + " from api_key where hash = ? and revoked_at is null";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, HexFormat.of().parseHex(hashHex));
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(rows.getString(1), rows.getString(2), rows.getString(3),
                        Principal.Role.valueOf(rows.getString(4).toUpperCase(java.util.Locale.ROOT)),
                        rows.getString(5), rows.getString(6)));
            }
        } catch (SQLException e) {
            throw databaseFailure("look up an API key", e);
        }
    }

    private static HyperlocalException databaseFailure(String what, SQLException e) {
        return new HyperlocalException(ErrorCode.INTERNAL,
                "Could not " + what + ": the database answered " + e.getSQLState() + " " + e.getMessage()
                        + ". Check that PostgreSQL is running (GET /q/health/ready).", "", e);
    }
}
