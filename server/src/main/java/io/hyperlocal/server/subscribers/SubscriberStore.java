package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The subscribers in PostgreSQL ({@code subscriber}, created by {@code V4__parties.sql}). */
@ApplicationScoped
public class SubscriberStore {
    /** What {@link #upsert} did. */
    public enum Outcome {
        INSERTED,
        UPDATED,
        UNCHANGED
    }

    private static final String COLUMNS = "id, msisdn, country, birth_year, billing_account";
    private final DataSource dataSource;

    @Inject
    public SubscriberStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Subscriber> find(String id) {
        return one("select " + COLUMNS + " from subscriber where id = ?", id);
    }

    /** The subscriber with this canonical E.164 number. */
    public Optional<Subscriber> findByMsisdn(String msisdn) {
        return one("select " + COLUMNS + " from subscriber where msisdn = ?", msisdn);
    }

    /**
     * Adds a subscriber.
     *
     * @throws HyperlocalException {@code conflict} (409) when the id or the MSISDN is taken
     */
    public void insert(Subscriber subscriber) {
        String sql = "insert into subscriber (" + COLUMNS + ") values (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, subscriber);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("add subscriber " + subscriber.id(), subscriber, e);
        }
    }

    /**
     * Adds the subscriber, or replaces the one with the same id; a row that already holds these
     * values is left alone (its {@code updated_at} too).
     *
     * @throws HyperlocalException {@code conflict} (409) when another subscriber has the MSISDN
     */
    public Outcome upsert(Subscriber subscriber) {
        String sql = "insert into subscriber (" + COLUMNS + ") values (?, ?, ?, ?, ?)"
                + " on conflict (id) do update set msisdn = excluded.msisdn, country = excluded.country,"
                + " birth_year = excluded.birth_year, billing_account = excluded.billing_account, updated_at = now()"
                + " where (subscriber.msisdn, subscriber.country, subscriber.birth_year, subscriber.billing_account)"
                + " is distinct from (excluded.msisdn, excluded.country, excluded.birth_year, excluded.billing_account)"
                // xmax is 0 on a freshly inserted row version and set on an updated one.
                + " returning (xmax = 0)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, subscriber);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Outcome.UNCHANGED;
                }
                return rows.getBoolean(1) ? Outcome.INSERTED : Outcome.UPDATED;
            }
        } catch (SQLException e) {
            throw failure("save subscriber " + subscriber.id(), subscriber, e);
        }
    }

    /** Subscribers ordered by id, {@code limit} of them from {@code offset}, and how many there are in all. */
    public Page<Subscriber> list(long offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // one snapshot for the page and the count
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<Subscriber> items = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(
                        "select " + COLUMNS + " from subscriber order by id offset ? limit ?")) {
                    statement.setLong(1, offset);
                    statement.setInt(2, limit);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            items.add(read(rows));
                        }
                    }
                }
                long total;
                try (PreparedStatement statement = connection.prepareStatement("select count(*) from subscriber");
                        ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
                return new Page<>(items, total);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw Postgres.failure("list subscribers", e);
        }
    }

    /** Removes the subscriber (and, by cascade, the keys scoped to it); false when there was none. */
    public boolean delete(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("delete from subscriber where id = ?")) {
            statement.setString(1, id);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw Postgres.failure("delete subscriber " + id, e);
        }
    }

    private Optional<Subscriber> one(String sql, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Postgres.failure("look up subscriber " + key, e);
        }
    }

    private static void bind(PreparedStatement statement, Subscriber subscriber) throws SQLException {
        statement.setString(1, subscriber.id());
        statement.setString(2, subscriber.msisdn());
        statement.setString(3, subscriber.country());
        if (subscriber.knownBirthYear().isPresent()) {
            statement.setInt(4, subscriber.birthYear());
        } else {
            statement.setNull(4, Types.INTEGER);
        }
        statement.setString(5, subscriber.billingAccount());
    }

    static Subscriber read(ResultSet rows) throws SQLException {
        int birthYear = rows.getInt(4);
        return new Subscriber(rows.getString(1), rows.getString(2), rows.getString(3),
                rows.wasNull() ? Subscriber.UNKNOWN_BIRTH_YEAR : birthYear, rows.getString(5));
    }

    /** A unique violation becomes a 409 that says which subscriber holds the value; anything else a 500. */
    private HyperlocalException failure(String what, Subscriber subscriber, SQLException e) {
        if (Postgres.UNIQUE_VIOLATION.equals(e.getSQLState())) {
            Optional<Subscriber> holder = findByMsisdn(subscriber.msisdn()).filter(s -> !s.id().equals(subscriber.id()));
            if (holder.isPresent()) {
                return new HyperlocalException(ErrorCode.CONFLICT, "MSISDN " + subscriber.msisdn()
                        + " already belongs to subscriber " + holder.get().id() + "; an MSISDN identifies one subscriber."
                        + " Delete or change that subscriber first.", "msisdn");
            }
            return new HyperlocalException(ErrorCode.CONFLICT, "Subscriber " + subscriber.id() + " already exists;"
                    + " PUT /admin/subscribers/" + subscriber.id() + " replaces it.", "id");
        }
        return Postgres.failure(what, e);
    }
}
