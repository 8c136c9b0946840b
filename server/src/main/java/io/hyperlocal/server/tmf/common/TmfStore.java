package io.hyperlocal.server.tmf.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * TMF resources in PostgreSQL ({@code tmf_resource}). Writes go through {@link #inTransaction}, which
 * bumps the change marker ({@code tmf_change}) in the same transaction, so a replica that sees the
 * new revision also sees the rows that caused it.
 */
@ApplicationScoped
public class TmfStore {
    private static final String COLUMNS = "kind, id, document::text, state, party_id, due_at";

    private final DataSource dataSource;

    @Inject
    public TmfStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<Tx, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Tx tx = new Tx(connection);
            try {
                T result = work.apply(tx);
                if (tx.changed) {
                    try (PreparedStatement bump = connection.prepareStatement(
                            "update tmf_change set revision = revision + 1")) {
                        bump.executeUpdate();
                    }
                }
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("TMF store: " + e.getMessage(), e);
        }
    }

    public Optional<TmfRow> find(String kind, String id) {
        return inTransaction(tx -> tx.find(kind, id, false));
    }

    /** A page of {@code kind}, oldest first, and the total count. */
    public Page list(String kind, int offset, int limit) {
        return list(kind, Map.of(), offset, limit);
    }

    /**
     * A page of the {@code kind} whose attribute at each path of {@code filters} (as text) is one of its
     * values, oldest first, and their count. An attribute inside a list's items matches nothing.
     */
    public Page list(String kind, Map<List<String>, List<String>> filters, int offset, int limit) {
        return page(kind, "", List.of(), filters, offset, limit);
    }

    /** A page of {@code kind} related to party {@code partyId} (the customer), oldest first, and their count. */
    public Page listByParty(String kind, String partyId, int offset, int limit) {
        return listByParty(kind, partyId, Map.of(), offset, limit);
    }

    /** As {@link #listByParty(String, String, int, int)}, with attribute filters as in {@link #list(String, Map, int, int)}. */
    public Page listByParty(String kind, String partyId, Map<List<String>, List<String>> filters, int offset,
            int limit) {
        return page(kind, " and party_id = ?", List.of(partyId), filters, offset, limit);
    }

    private Page page(String kind, String condition, List<Object> conditionParameters,
            Map<List<String>, List<String>> filters, int offset, int limit) {
        StringBuilder where = new StringBuilder("where kind = ?").append(condition);
        List<Object> parameters = new ArrayList<>();
        parameters.add(kind);
        parameters.addAll(conditionParameters);
        filters.forEach((path, values) -> {
            where.append(" and document #>> ? = any(?)");
            parameters.add(path.toArray(String[]::new));
            parameters.add(values.toArray(String[]::new));
        });
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(offset);
        paged.add(limit);
        return inTransaction(tx -> new Page(tx.select(where + " order by created_at, id offset ? limit ?", paged.toArray()),
                tx.count(where.toString(), parameters.toArray())));
    }

    /** The change marker: it moves on every committed write. */
    public long revision() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select revision from tmf_change");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("TMF store: cannot read the change marker: " + e.getMessage(), e);
        }
    }

    public record Page(List<TmfRow> rows, long total) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /** Operations inside one transaction. */
    public static final class Tx {
        private final Connection connection;
        private boolean changed;

        Tx(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** The row, locked until the end of the transaction when {@code forUpdate}. */
        public Optional<TmfRow> find(String kind, String id, boolean forUpdate) {
            List<TmfRow> rows = select("where kind = ? and id = ?" + (forUpdate ? " for update" : ""), kind, id);
            return rows.stream().findFirst();
        }

        /** Every row of {@code kind} whose state is one of {@code states} (all when none given). */
        public List<TmfRow> all(String kind, String... states) {
            if (states.length == 0) {
                return select("where kind = ? order by created_at, id", kind);
            }
            return select("where kind = ? and state = any(?) order by created_at, id", kind, (Object) states);
        }

        /** Rows of {@code kind} matching an SQL {@code condition} on its columns, with {@code parameters}. */
        public List<TmfRow> where(String kind, String condition, Object... parameters) {
            Object[] all = new Object[parameters.length + 1];
            all[0] = kind;
            System.arraycopy(parameters, 0, all, 1, parameters.length);
            return select("where kind = ? and (" + condition + ") order by created_at, id", all);
        }

        /** Ids of the rows of {@code kind} due at or before {@code now}. */
        public List<String> due(String kind, Instant now) {
            return select("where kind = ? and due_at <= ? order by due_at", kind, Timestamp.from(now)).stream()
                    .map(TmfRow::id).toList();
        }

        public long countByParty(String kind, String partyId) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select count(*) from tmf_resource where kind = ? and party_id = ?")) {
                statement.setString(1, kind);
                statement.setString(2, partyId);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("TMF store: cannot count " + kind + " of " + partyId + ": " + e.getMessage(), e);
            }
        }

        long count(String where, Object... parameters) {
            try (PreparedStatement statement = connection.prepareStatement("select count(*) from tmf_resource " + where)) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("TMF store: cannot count " + parameters[0] + ": " + e.getMessage(), e);
            }
        }

        public long count(String kind) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select count(*) from tmf_resource where kind = ?")) {
                statement.setString(1, kind);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("TMF store: cannot count " + kind + ": " + e.getMessage(), e);
            }
        }

        public void insert(TmfRow row) {
            execute("insert into tmf_resource (kind, id, document, state, party_id, due_at) "
                    + "values (?, ?, ?::jsonb, ?, ?, ?)", row.kind(), row.id(), row.document().toString(), row.state(),
                    row.partyId(), row.dueAt().map(Timestamp::from).orElse(null));
        }

        public void update(TmfRow row) {
            int updated = execute("update tmf_resource set document = ?::jsonb, state = ?, party_id = ?, due_at = ?, "
                    + "updated_at = now() where kind = ? and id = ?", row.document().toString(), row.state(),
                    row.partyId(), row.dueAt().map(Timestamp::from).orElse(null), row.kind(), row.id());
            if (updated != 1) {
                throw new IllegalStateException("TMF store: no " + row.kind() + " " + row.id() + " to update");
            }
        }

        public boolean delete(String kind, String id) {
            return execute("delete from tmf_resource where kind = ? and id = ?", kind, id) == 1;
        }

        private int execute(String sql, Object... parameters) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                int count = statement.executeUpdate();
                changed |= count > 0;
                return count;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw TmfException.conflict("id", "A resource with this id already exists: " + parameters[1] + ".");
                }
                throw new IllegalStateException("TMF store: " + e.getMessage(), e);
            }
        }

        List<TmfRow> select(String where, Object... parameters) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select " + COLUMNS + " from tmf_resource " + where)) {
                bind(statement, parameters);
                List<TmfRow> result = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp due = rows.getTimestamp(6);
                        result.add(new TmfRow(rows.getString(1), rows.getString(2),
                                TmfJson.parseStored(rows.getString(3)), rows.getString(4), rows.getString(5),
                                Optional.ofNullable(due).map(Timestamp::toInstant)));
                    }
                }
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("TMF store: " + e.getMessage(), e);
            }
        }

        private void bind(PreparedStatement statement, Object... parameters) throws SQLException {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
        }
    }
}
