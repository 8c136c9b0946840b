package io.hyperlocal.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import io.hyperlocal.server.database.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteAheadLog} on a real PostgreSQL: the figures the ledger benchmark prints. */
class WriteAheadLogTest {
    @TempDir
    Path dir;

    @Test
    void countsTheWholePagesLoggedAfterACheckpointByAnotherConnectionOfThePool() throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.start(dir.resolve("postgres"));
                AgroalDataSource pool = AgroalDataSource.from(new AgroalPropertiesReader().readProperties(Map.of(
                        AgroalPropertiesReader.JDBC_URL, database.jdbcUrl(),
                        AgroalPropertiesReader.PRINCIPAL, database.username(),
                        AgroalPropertiesReader.MAX_SIZE, "4")).get())) {
            try (Connection writer = pool.getConnection(); Statement statement = writer.createStatement()) {
                statement.execute("create table pages (id int primary key, filler text not null)");
                statement.execute("insert into pages select i, repeat('x', 200) from generate_series(1, 2000) i");
            }
            WriteAheadLog before = WriteAheadLog.read(pool);

            // The writer goes back to the pool open: a backend adds its statistics when it has been idle a
            // while, or when it ends, which the read brings about.
            try (Connection writer = pool.getConnection(); Statement statement = writer.createStatement()) {
                statement.execute("checkpoint");
                statement.execute("update pages set filler = repeat('y', 200)");
            }
            WriteAheadLog after = WriteAheadLog.read(pool);

            assertThat(after.checkpoints() - before.checkpoints()).isEqualTo(1);
            // 2,000 rows of 200 bytes fill about 60 heap pages, and their key about 6 index pages; the
            // update's first touch of each after the checkpoint logs it whole.
            assertThat(after.fullPageImages() - before.fullPageImages()).isBetween(50L, 200L);
            // Those pages, whole, are most of the update's log.
            assertThat(after.position() - before.position()).isGreaterThan(50L * 4096);
        }
    }
}
