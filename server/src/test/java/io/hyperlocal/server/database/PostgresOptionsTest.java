package io.hyperlocal.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresOptionsTest {
    @Test
    void defaultsToAFreePortAndACacheNobodyCanReachWhenRoot() {
        PostgresOptions options = PostgresOptions.defaults(Path.of("/var/lib/hyperlocal/postgres"));

        assertThat(options.port()).isEqualTo(PostgresOptions.ANY_FREE_PORT);
        assertThat(options.binaryCache()).isEqualTo(RunAs.isRoot()
                ? Path.of("/var/cache/hyperlocal/postgres")
                : Path.of(System.getProperty("user.home"), ".hyperlocal", "postgres"));
        assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void makesPathsAbsolute() {
        PostgresOptions options = PostgresOptions.defaults(Path.of("data/../db")).withBinaryCache(Path.of("cache"));

        assertThat(options.dataDirectory()).isEqualTo(Path.of("").toAbsolutePath().resolve("db"));
        assertThat(options.binaryCache()).isAbsolute();
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        PostgresOptions options = PostgresOptions.defaults(Path.of("/data"));

        assertThatThrownBy(() -> options.withPort(70_000)).hasMessage("port must be in [0, 65535]: 70000");
        assertThatThrownBy(() -> options.withStartTimeout(Duration.ZERO))
                .hasMessage("startTimeout must be positive: PT0S");
    }

    @Test
    void runsProgramsThroughSetprivAsNobody() {
        RunAs nobody = new RunAs.Nobody(Path.of("/usr/bin/setpriv"));

        assertThat(nobody.command(Path.of("/pg/bin/initdb"), List.of("-D", "/d")))
                .containsExactly("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        "--inh-caps=+dac_override", "--ambient-caps=+dac_override", "/pg/bin/initdb", "-D", "/d");
        assertThat(new RunAs.CurrentUser().command(Path.of("/pg/bin/initdb"), List.of("-D", "/d")))
                .containsExactly("/pg/bin/initdb", "-D", "/d");
    }
}
