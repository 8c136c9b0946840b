package io.hyperlocal.server.metering;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the usage ledger and its daily totals, for the TMF635 API, the CSV export and the Kafka exporter. */
@ApplicationScoped
public class LedgerReader {
    /** The event holds the whole record: the other columns are there to filter and aggregate on. */
    static final String COLUMNS = "seq, event::text";
    private final DataSource dataSource;

    @Inject
    public LedgerReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One ledger row: its place in the ledger, the record, and its CloudEvent as stored. */
    public record Row(long seq, UsageRecord record, String event) {}

    /** A page of rows and how many rows match in all. */
    public record Page(List<Row> rows, long total) {}

    /** One day's totals for one subject, subscription, model and site. */
    public record DailyTotal(LocalDate day, String subject, String subscriptionId, String model, String site,
            long requests, long failed, long promptTokens, long completionTokens) {}

    /** Receives rows one at a time, so that a large export never sits in memory. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws Exception;
    }

    public Optional<Row> find(String id) {
        String sql = "select " + COLUMNS + " from usage_ledger where id = ? order by seq limit 1";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    /** Matching rows, newest first. */
    public Page page(UsageFilter filter, int offset, int limit) {
        Where where = where(filter);
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement("select count(*) from usage_ledger" + where.sql())) {
                where.bind(count, 1);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<Row> page = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS + " from usage_ledger"
                    + where.sql() + " order by event_time desc, seq desc offset ? limit ?")) {
                int next = where.bind(statement, 1);
                statement.setInt(next, offset);
                statement.setInt(next + 1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(row(rows));
                    }
                }
            }
            return new Page(page, total);
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    /** Every matching row in ledger order, through a server-side cursor (a few hundred rows in memory at a time). */
    public void stream(UsageFilter filter, RowSink sink) throws Exception {
        Where where = where(filter);
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL's driver only streams with a fetch size inside a transaction.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS + " from usage_ledger"
                    + where.sql() + " order by seq")) {
                statement.setFetchSize(500);
                where.bind(statement, 1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(row(rows));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }

    /** Rows after {@code seq}, in ledger order, at most {@code limit}. */
    public List<Row> after(long seq, int limit) {
        String sql = "select " + COLUMNS + " from usage_ledger where seq > ? order by seq limit ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, seq);
            statement.setInt(2, limit);
            List<Row> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(row(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    /** Daily totals in the filter's range (whole UTC days containing its bounds), by day then subject. */
    public List<DailyTotal> daily(UsageFilter filter) {
        StringBuilder sql = new StringBuilder("select day, subject, subscription_id, model, site, requests, failed,"
                + " prompt_tokens, completion_tokens from usage_daily where true");
        List<Object> values = new ArrayList<>();
        filter.from().ifPresent(from -> {
            sql.append(" and day >= ?");
            values.add(java.sql.Date.valueOf(LocalDate.ofInstant(from, ZoneOffset.UTC)));
        });
        filter.to().ifPresent(to -> {
            sql.append(" and day < ?");
            // An exclusive bound inside a day keeps that day.
            LocalDate day = LocalDate.ofInstant(to, ZoneOffset.UTC);
            boolean midnight = to.equals(day.atStartOfDay(ZoneOffset.UTC).toInstant());
            values.add(java.sql.Date.valueOf(midnight ? day : day.plusDays(1)));
        });
        if (!filter.subject().isEmpty()) {
            sql.append(" and subject = ?");
            values.add(filter.subject());
        }
        if (!filter.model().isEmpty()) {
            sql.append(" and model = ?");
            values.add(filter.model());
        }
        sql.append(" order by day, subject, subscription_id, model, site");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            List<DailyTotal> totals = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    totals.add(new DailyTotal(rows.getDate(1).toLocalDate(), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                            rows.getLong(9)));
                }
            }
            return totals;
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    private record Where(String sql, List<Object> values) {
        int bind(PreparedStatement statement, int first) throws SQLException {
            int index = first;
            for (Object value : values) {
                statement.setObject(index++, value);
            }
            return index;
        }
    }

    private static Where where(UsageFilter filter) {
        StringBuilder sql = new StringBuilder(" where true");
        List<Object> values = new ArrayList<>();
        filter.from().ifPresent(from -> {
            sql.append(" and event_time >= ?");
            values.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        });
        filter.to().ifPresent(to -> {
            sql.append(" and event_time < ?");
            values.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        });
        if (!filter.subject().isEmpty()) {
            sql.append(" and subject = ?");
            values.add(filter.subject());
        }
        if (!filter.model().isEmpty()) {
            sql.append(" and model = ?");
            values.add(filter.model());
        }
        return new Where(sql.toString(), values);
    }

    private static Row row(ResultSet rows) throws SQLException {
        String event = rows.getString(2);
        return new Row(rows.getLong(1), UsageEvents.read(event), event);
    }

    private static IllegalStateException unreadable(SQLException e) {
        return new IllegalStateException("Could not read the usage ledger from PostgreSQL: " + e.getMessage(), e);
    }
}
