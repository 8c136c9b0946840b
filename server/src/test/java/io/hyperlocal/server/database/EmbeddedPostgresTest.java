package io.hyperlocal.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real PostgreSQL binaries; on a machine that runs tests as root this exercises setpriv. */
class EmbeddedPostgresTest {
    @TempDir
    Path directory;

    /** The default binary cache, shared with the application, so the binaries are unpacked only once. */
    private PostgresOptions options(String name) {
        return PostgresOptions.defaults(directory.resolve(name));
    }

    @Test
    void keepsDataAcrossARestartOnTheSameDirectory() throws SQLException {
        try (EmbeddedPostgres database = EmbeddedPostgres.start(options("data"))) {
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + database.port() + "/hyperlocal");
            assertThat(database.username()).isEqualTo("postgres");
            execute(database, "create table notes (id int primary key, text varchar(40))");
            execute(database, "insert into notes values (1, 'still here')");
        }
        try (EmbeddedPostgres again = EmbeddedPostgres.start(options("data"))) {
            assertThat(query(again, "select text from notes where id = 1")).isEqualTo("still here");
        }
    }

    @Test
    void stopsTheServerOnClose() {
        EmbeddedPostgres database = EmbeddedPostgres.start(options("data"));
        long pid = database.pid();

        database.close();
        database.close(); // a second close does nothing

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(directory.resolve("data/pgdata/postmaster.pid")).doesNotExist();
        assertThat(directory.resolve("data/postgres.log")).content().contains("database system is shut down");
    }

    @Test
    void runsTwoServersOnTwoDirectoriesAtOnce() throws SQLException {
        try (EmbeddedPostgres first = EmbeddedPostgres.start(options("first"));
                EmbeddedPostgres second = EmbeddedPostgres.start(options("second"))) {
            assertThat(first.port()).isNotEqualTo(second.port());
            execute(first, "create table t (v text)");
            execute(first, "insert into t values ('first')");
            execute(second, "create table t (v text)");
            execute(second, "insert into t values ('second')");
            assertThat(query(first, "select v from t")).isEqualTo("first");
            assertThat(query(second, "select v from t")).isEqualTo("second");
        }
    }

    @Test
    void saysWhichPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedPostgres.start(options("data").withPort(port)))
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("0 picks a free one");
        }
    }

    @Test
    void usesAnExplicitPort() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        try (EmbeddedPostgres database = EmbeddedPostgres.start(options("data").withPort(port))) {
            assertThat(database.port()).isEqualTo(port);
        }
    }

    @Test
    void refusesADataDirectoryAnotherServerIsUsing() {
        try (EmbeddedPostgres running = EmbeddedPostgres.start(options("data"))) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(options("data")))
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("is in use by PostgreSQL process " + running.pid());
        }
    }

    @Test
    void startsAfterACrash() throws Exception {
        EmbeddedPostgres crashed = EmbeddedPostgres.start(options("data"));
        execute(crashed, "create table t (v text)");
        execute(crashed, "insert into t values ('committed')");
        ProcessHandle postmaster = ProcessHandle.of(crashed.pid()).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly(); // SIGKILL: no shutdown, postmaster.pid stays behind
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle backend : backends) {
            backend.onExit().get(10, TimeUnit.SECONDS); // they notice the postmaster's death and exit
        }
        assertThat(directory.resolve("data/pgdata/postmaster.pid")).exists();

        try (EmbeddedPostgres recovered = EmbeddedPostgres.start(options("data"))) {
            assertThat(query(recovered, "select v from t")).isEqualTo("committed");
        } finally {
            crashed.close();
        }
    }

    @Test
    void startsWhenTheLockNamesAProcessThatIsNotPostgres() throws Exception {
        List<String> lock;
        try (EmbeddedPostgres database = EmbeddedPostgres.start(options("data"))) {
            lock = Files.readAllLines(directory.resolve("data/pgdata/postmaster.pid"));
        }
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            lock.set(0, Long.toString(unrelated.pid())); // as if the old number had been reused
            Files.write(directory.resolve("data/pgdata/postmaster.pid"), lock);

            try (EmbeddedPostgres database = EmbeddedPostgres.start(options("data"))) {
                assertThat(query(database, "select 'up'")).isEqualTo("up");
            }
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void reportsAServerThatExitsWithTheEndOfItsLog() throws IOException {
        EmbeddedPostgres.start(options("data")).close();
        Files.writeString(directory.resolve("data/pgdata/PG_VERSION"), "9.6\n");

        assertThatThrownBy(() -> EmbeddedPostgres.start(options("data").withStartTimeout(Duration.ofSeconds(20))))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("PostgreSQL exited with code")
                .hasMessageContaining("Last lines of " + directory.resolve("data/postgres.log"))
                .hasMessageContaining("database files are incompatible with server");
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNoCluster() throws IOException {
        Files.createDirectories(directory.resolve("data/pgdata"));
        Files.writeString(directory.resolve("data/pgdata/notes.txt"), "mine");

        assertThatThrownBy(() -> EmbeddedPostgres.start(options("data")))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("holds no PostgreSQL cluster");
    }

    @Test
    void handsTheClusterToNobodyWhenRunningAsRoot() throws IOException {
        int me = (Integer) Files.getAttribute(Files.createFile(directory.resolve("mine")), "unix:uid");
        try (EmbeddedPostgres database = EmbeddedPostgres.start(options("data"))) {
            int owner = (Integer) Files.getAttribute(directory.resolve("data/pgdata"), "unix:uid");
            switch (RunAs.detect()) {
                case RunAs.Nobody nobody -> assertThat(owner).isEqualTo(RunAs.NOBODY);
                case RunAs.CurrentUser current -> assertThat(owner).isEqualTo(me);
            }
        }
    }

    @Test
    void explainsWhyNobodyCannotUseBinariesBehindAPrivateDirectory() throws IOException {
        assumeTrue(RunAs.isRoot(), "only root hands PostgreSQL to nobody");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------")); // like /root

        assertThatThrownBy(() -> EmbeddedPostgres.start(options("data").withBinaryCache(directory.resolve("cache"))))
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("'nobody' cannot reach its binaries")
                .hasMessageContaining(directory + " is not searchable by others");
    }

    private static void execute(EmbeddedPostgres database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgres database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row for " + sql).isTrue();
            return result.getString(1);
        }
    }
}
