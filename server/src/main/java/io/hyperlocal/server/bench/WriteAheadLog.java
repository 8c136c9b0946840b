package io.hyperlocal.server.bench;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where PostgreSQL's write-ahead log has got to: what the ledger's inserts cost in log, replication and
 * backup. The log grows most with every page a write touches for the first time after a checkpoint,
 * logged whole (a full-page image, up to 8 KiB), so with inserts all over an index.
 *
 * @param position the log's position in bytes, exact at once
 * @param fullPageImages full-page images logged since the statistics began
 * @param checkpoints checkpoints completed since the statistics began, timed or requested
 */
record WriteAheadLog(long position, long fullPageImages, long checkpoints) {
    private static final int BACKEND_WAITS = 200;
    private static final long BACKEND_WAIT_MILLIS = 50;

    /**
     * Reads the log, counting every write committed through the pool. A backend adds its share to the
     * statistics when it goes idle, at most once a second, or when it ends; so the pool's idle connections
     * are closed first and their backends awaited, and the reading connection's own backend (perhaps one
     * that wrote) is made to add its share at once. Autovacuum's share counts once its worker ends.
     */
    static WriteAheadLog read(AgroalDataSource dataSource) throws SQLException, InterruptedException {
        dataSource.flush(AgroalDataSource.FlushMode.IDLE);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // Takes effect when this backend next goes idle, at the end of this statement.
            statement.execute("select pg_stat_force_next_flush()");
            for (int wait = 0; otherBackends(statement) > 0; wait++) {
                if (wait == BACKEND_WAITS) {
                    throw new IllegalStateException("the pool's closed connections still had PostgreSQL backends after "
                            + BACKEND_WAITS * BACKEND_WAIT_MILLIS / 1000 + " s; the log's statistics would lag");
                }
                Thread.sleep(BACKEND_WAIT_MILLIS);
            }
            try (ResultSet row = statement.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0'), "
                    + "(select wal_fpi from pg_stat_wal), "
                    + "(select num_timed + num_requested from pg_stat_checkpointer)")) {
                row.next();
                return new WriteAheadLog(row.getLong(1), row.getLong(2), row.getLong(3));
            }
        }
    }

    private static int otherBackends(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity "
                + "where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }
}
