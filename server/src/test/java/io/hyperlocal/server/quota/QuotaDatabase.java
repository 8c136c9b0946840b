package io.hyperlocal.server.quota;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.hyperlocal.server.database.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL with the platform's migrations for the quota tests that run without Quarkus:
 * started once per test JVM and stopped when it exits. Every test uses its own subscription ids.
 */
final class QuotaDatabase {
    private static DataSource dataSource;

    private QuotaDatabase() {}

    static synchronized DataSource dataSource() {
        if (dataSource == null) {
            try {
                EmbeddedPostgres database = EmbeddedPostgres.start(
                        Files.createTempDirectory("hyperlocal-quota-test").resolve("postgres"));
                // This JVM owns the server: stop it however the tests end.
                Runtime.getRuntime().addShutdownHook(new Thread(database::close, "stop-quota-test-postgres"));
                Flyway.configure().dataSource(database.jdbcUrl(), database.username(), "")
                        .locations("classpath:db/migration").load().migrate();
                // A pool, as the platform has: a new PostgreSQL connection costs a process fork.
                dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool.maxSize(16)
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(database.jdbcUrl())
                                        .principal(new NamePrincipal(database.username())))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the test connection pool", e);
            }
        }
        return dataSource;
    }
}
