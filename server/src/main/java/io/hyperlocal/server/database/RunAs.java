package io.hyperlocal.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user the PostgreSQL programs run as.
 *
 * <p>PostgreSQL refuses to run as root, and containers and CI often run everything as root. Then the
 * programs run as {@code nobody} (65534:65534) through util-linux {@code setpriv}, keeping one
 * capability, {@code CAP_DAC_OVERRIDE}, as an ambient capability, so that {@code nobody} can open a
 * data directory under {@code /root} or another {@code 0700} directory without the permissions of
 * the user's own directories being loosened. The capability does not cover {@code access(2)}, with
 * which PostgreSQL checks its own executable, so the binaries must be reachable through ordinary
 * permissions (see {@link PostgresBinaries}). The cluster directory itself is handed to
 * {@code nobody}, because PostgreSQL insists on owning it.
 */
sealed interface RunAs {
    int NOBODY = 65534;

    /** Not root: the programs run directly. */
    record CurrentUser() implements RunAs {}

    /** Root: the programs run as {@link #NOBODY} through {@code setpriv}. */
    record Nobody(Path setpriv) implements RunAs {}

    static boolean isRoot() {
        return effectiveUid() == 0;
    }

    static RunAs detect() {
        if (!isRoot()) {
            return new CurrentUser();
        }
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv", "/sbin/setpriv")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new EmbeddedPostgresException("this process runs as root and PostgreSQL refuses"
                        + " to; the embedded database runs it as 'nobody' through setpriv, which is not installed."
                        + " Install util-linux (setpriv), run Hyperlocal as an ordinary user, or point"
                        + " HYPERLOCAL_DB_URL at an external PostgreSQL."));
        return new Nobody(setpriv);
    }

    /** The command line that runs {@code program} with {@code arguments} as this user. */
    default List<String> command(Path program, List<String> arguments) {
        List<String> command = new ArrayList<>();
        switch (this) {
            case CurrentUser current -> {}
            case Nobody nobody -> command.addAll(List.of(nobody.setpriv().toString(),
                    "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "--inh-caps=+dac_override", "--ambient-caps=+dac_override"));
        }
        command.add(program.toString());
        command.addAll(arguments);
        return command;
    }

    /** Makes {@code path}, and everything under it, belong to this user. */
    default void own(Path path) throws IOException {
        switch (this) {
            case CurrentUser current -> {}
            case Nobody nobody -> {
                if (!Files.exists(path)) {
                    return;
                }
                try (Stream<Path> tree = Files.walk(path)) {
                    for (Path each : (Iterable<Path>) tree::iterator) {
                        Files.setAttribute(each, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(each, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }

    /** Whether {@code path} already belongs to this user, so a walk over a large cluster is skipped. */
    default boolean owns(Path path) throws IOException {
        return switch (this) {
            case CurrentUser current -> true;
            case Nobody nobody -> (Integer) Files.getAttribute(path, "unix:uid") == NOBODY;
        };
    }

    /** The effective user id, from {@code /proc/self/status}; on other systems, guessed from the name. */
    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: fall through to the user name.
        }
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
}
