package io.hyperlocal.server.quota;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The allowance rows of table {@code quota_period}, shared by every replica. Each method is one
 * atomic statement (or an insert that does nothing when the row exists), so replicas need no other
 * coordination: the row lock of the update is the only lock.
 */
public final class LeaseStore {
    private static final String OPEN = """
            insert into quota_period (subscription_id, period_start, period_end, allowance, rollover)
            select ?, ?, ?, ? + carried, carried from (select coalesce(
                (select greatest(0, p.allowance - p.consumed - p.leased) * ? / 100 from quota_period p
                  where p.subscription_id = ? and p.period_end = ?), ?) as carried) previous
            on conflict (subscription_id, period_start) do nothing""";
    private static final String READ = """
            select allowance, rollover, consumed, leased, overdraft from quota_period
             where subscription_id = ? and period_start = ?""";
    // Both assignments are computed from the same row version: under READ COMMITTED an update that
    // meets a concurrent one waits, then re-evaluates its WHERE and SET on the newest version, so
    // two replicas can never take the same free tokens. (A CTE that reads 'free' with FOR UPDATE is
    // not enough: the joined CTE row is not re-read, and the test of two replicas caught it.)
    private static final String TAKE = """
            update quota_period set leased = leased + least(?, allowance - consumed - leased),
                   last_lease = least(?, allowance - consumed - leased), updated_at = now()
             where subscription_id = ? and period_start = ? and allowance - consumed - leased > 0
            returning last_lease""";
    private static final String OVERDRAFT = """
            update quota_period set leased = leased + ?, overdraft = ?, updated_at = now()
             where subscription_id = ? and period_start = ? and overdraft = 0 and allowance - consumed - leased < ?""";
    private static final String RECORD = """
            update quota_period set consumed = consumed + ?, leased = leased - ? - ?, updated_at = now()
             where subscription_id = ? and period_start = ?""";

    private final DataSource dataSource;

    public LeaseStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
    }

    /**
     * The row of one period, created on first use with {@code baseAllowance} plus what the previous
     * period carries over: {@code rolloverPercent} of its unused tokens (tokens still leased then
     * count as used), or {@code carriedWithoutRow} when the previous period has no row (nobody used
     * it). The carried amount is fixed when the row is created.
     */
    PeriodRow open(String subscriptionId, PeriodWindow window, long baseAllowance, int rolloverPercent,
            long carriedWithoutRow) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(OPEN)) {
                insert.setString(1, subscriptionId);
                insert.setObject(2, at(window.start()));
                insert.setObject(3, at(window.end()));
                insert.setLong(4, baseAllowance);
                insert.setInt(5, rolloverPercent);
                insert.setString(6, subscriptionId);
                insert.setObject(7, at(window.start()));
                insert.setLong(8, carriedWithoutRow);
                insert.executeUpdate();
            }
            return read(connection, subscriptionId, window);
        } catch (SQLException e) {
            throw failure("open the allowance of " + subscriptionId + " for " + window.start(), e);
        }
    }

    /** The row as it stands, for tests and diagnostics. */
    public PeriodRow read(String subscriptionId, Instant periodStart) {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, subscriptionId, new PeriodWindow(periodStart, periodStart.plusNanos(1)));
        } catch (SQLException e) {
            throw failure("read the allowance of " + subscriptionId, e);
        }
    }

    /** Leases up to {@code wanted} free tokens; returns how many were granted (0 when none is free). */
    long take(String subscriptionId, PeriodWindow window, long wanted) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement take = connection.prepareStatement(TAKE)) {
            take.setLong(1, wanted);
            take.setLong(2, wanted);
            take.setString(3, subscriptionId);
            take.setObject(4, at(window.start()));
            try (ResultSet rows = take.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("lease tokens of " + subscriptionId, e);
        }
    }

    /**
     * Grants the period's one over-allowance reservation of {@code tokens}, unless another replica
     * had it or the free tokens already cover it; true when granted.
     */
    boolean overdraft(String subscriptionId, PeriodWindow window, long tokens) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement overdraft = connection.prepareStatement(OVERDRAFT)) {
            overdraft.setLong(1, tokens);
            overdraft.setLong(2, tokens);
            overdraft.setString(3, subscriptionId);
            overdraft.setObject(4, at(window.start()));
            overdraft.setLong(5, tokens);
            return overdraft.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("grant the last reservation of " + subscriptionId, e);
        }
    }

    /** Records what replicas spent and gives back what they leased and will not spend, in one batch. */
    void record(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            // One transaction: on failure nothing was recorded, so the caller may keep the tokens.
            connection.setAutoCommit(false);
            try (PreparedStatement record = connection.prepareStatement(RECORD)) {
                batch(record, settlements);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("record the consumption of " + settlements.size() + " allowances", e);
        }
    }

    private static void batch(PreparedStatement record, List<Settlement> settlements) throws SQLException {
        for (Settlement settlement : settlements) {
            record.setLong(1, settlement.consumed());
            record.setLong(2, settlement.consumed());
            record.setLong(3, settlement.returned());
            record.setString(4, settlement.subscriptionId());
            record.setObject(5, at(settlement.window().start()));
            record.addBatch();
        }
        record.executeBatch();
    }

    private static PeriodRow read(Connection connection, String subscriptionId, PeriodWindow window)
            throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, subscriptionId);
            read.setObject(2, at(window.start()));
            try (ResultSet rows = read.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no quota_period row for " + subscriptionId + " at " + window.start());
                }
                return new PeriodRow(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5));
            }
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static HyperlocalException failure(String what, SQLException e) {
        return new HyperlocalException(ErrorCode.INTERNAL, "Could not " + what + ": the database answered "
                + e.getSQLState() + " " + e.getMessage() + ". Check that PostgreSQL is running (GET /q/health/ready).",
                "", e);
    }

    /** A period's row: {@code allowance} includes {@code rollover}; the others are tokens. */
    public record PeriodRow(long allowance, long rollover, long consumed, long leased, long overdraft) {}

    /** What one replica spent of, and gives back to, one period since its last report. */
    record Settlement(String subscriptionId, PeriodWindow window, long consumed, long returned) {
        Settlement {
            Objects.requireNonNull(subscriptionId, "subscriptionId is null");
            Objects.requireNonNull(window, "window is null");
            if (consumed < 0 || returned < 0) {
                throw new IllegalArgumentException("consumed and returned must not be negative: " + consumed
                        + ", " + returned);
            }
        }
    }
}
