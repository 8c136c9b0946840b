package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads GGUF files into a models directory, resuming interrupted downloads and checking each
 * file against a published sha256.
 *
 * <p>The file grows as {@code <name>.part} and is renamed atomically once complete and checked, so
 * the models directory never holds a half-written model. The expected sha256 is the catalog's when
 * it has one, else the {@code X-Linked-Etag} the server published (see {@link RemoteMetadata}). When
 * neither exists the file is kept and a {@link DownloadEvent.NotVerified} says so: a hash computed
 * from the download itself proves nothing, so none is ever made up. A file already present that
 * matches its published hash is not downloaded again.
 */
public final class ModelDownloader implements AutoCloseable {
    /** Reported when nobody published a hash for a file. */
    public static final String NO_PUBLISHED_HASH = "not verified: no published sha256";

    private final ModelCatalog catalog;
    private final DownloadSettings settings;
    private final HttpClient client;
    private final HttpClient probeClient;

    public ModelDownloader(ModelCatalog catalog, DownloadSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        // Redirects are followed by hand when probing: the X-Linked-* headers sit on the redirect.
        this.probeClient = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The built-in catalog and {@link DownloadSettings#DEFAULTS}. */
    public ModelDownloader() {
        this(ModelCatalog.builtIn(), DownloadSettings.DEFAULTS);
    }

    /**
     * Downloads a catalog model or the GGUF file at an {@code http(s)} URL into {@code modelsDir}
     * (created if needed) and returns the path of the complete file.
     *
     * @throws ModelException for an unknown name (listing the known ones), a server error, a
     *     download that failed on every attempt (the {@code .part} file is kept for the next pull to
     *     resume), or a {@link ModelVerificationException} when the sha256 does not match
     */
    public Path pull(String nameOrUrl, Path modelsDir, ProgressListener listener) {
        Objects.requireNonNull(modelsDir, "modelsDir is null");
        Objects.requireNonNull(listener, "listener is null");
        DownloadSource source = DownloadSource.of(nameOrUrl, catalog);
        if (Files.exists(modelsDir) && !Files.isDirectory(modelsDir)) {
            // Before any network call: otherwise the download fails late with the bare path as its reason.
            throw ModelDirectory.notADirectory(modelsDir);
        }
        try {
            return pull(source, modelsDir.toAbsolutePath(), listener);
        } catch (IOException e) {
            throw new ModelException(ErrorCode.INTERNAL,
                    "cannot download " + source.url() + " into " + modelsDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorCode.INTERNAL, "interrupted while downloading " + source.fileName()
                    + "; the next pull resumes where this one stopped", e);
        }
    }

    private Path pull(DownloadSource source, Path modelsDir, ProgressListener listener)
            throws IOException, InterruptedException {
        Files.createDirectories(modelsDir);
        Path target = modelsDir.resolve(source.fileName());
        Path part = modelsDir.resolve(source.fileName() + ".part");
        Optional<ExpectedHash> catalogHash =
                source.publishedSha256().map(hash -> new ExpectedHash(hash, HashSource.CATALOG));
        // With the catalog's hash an existing file is checked without touching the network.
        if (catalogHash.isPresent() && Files.isRegularFile(target) && matches(target, catalogHash.get(), listener)) {
            return target;
        }
        RemoteMetadata remote;
        try {
            remote = RemoteMetadata.probe(probeClient, source.url(), settings.stallTimeout());
        } catch (IOException e) {
            if (catalogHash.isEmpty() && Files.isRegularFile(target)) {
                listener.onEvent(new DownloadEvent.AlreadyPresent(target));
                listener.onEvent(new DownloadEvent.NotVerified(target, "", "not verified: could not reach "
                        + source.url().getHost() + " to read its published sha256 (" + e + ")"));
                return target;
            }
            throw new IOException("cannot reach " + source.url().getHost() + " (" + e + ")", e);
        }
        Optional<ExpectedHash> expected = catalogHash.or(
                () -> remote.sha256().map(hash -> new ExpectedHash(hash, HashSource.SERVER)));
        if (catalogHash.isEmpty() && Files.isRegularFile(target)) {
            if (expected.isEmpty()) {
                listener.onEvent(new DownloadEvent.AlreadyPresent(target));
                listener.onEvent(new DownloadEvent.NotVerified(target, "", NO_PUBLISHED_HASH));
                return target;
            }
            if (matches(target, expected.get(), listener)) {
                return target;
            }
        }
        long expectedSize = source.sizeBytes() != CatalogEntry.UNKNOWN_SIZE ? source.sizeBytes() : remote.sizeBytes();
        String actual = download(source, part, expectedSize, listener);
        if (expected.isPresent() && !expected.get().sha256().equals(actual)) {
            Files.deleteIfExists(part);
            throw new ModelVerificationException(target, expected.get().sha256(), actual, expected.get().source());
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        listener.onEvent(expected.<DownloadEvent>map(hash -> new DownloadEvent.Verified(target, actual, hash.source()))
                .orElseGet(() -> new DownloadEvent.NotVerified(target, actual, NO_PUBLISHED_HASH)));
        return target;
    }

    /** Whether the existing {@code file} has the expected hash; reports it when it does. */
    private static boolean matches(Path file, ExpectedHash expected, ProgressListener listener) throws IOException {
        listener.onEvent(new DownloadEvent.AlreadyPresent(file));
        listener.onEvent(new DownloadEvent.Verifying(file));
        String actual = Sha256.of(file);
        if (!actual.equals(expected.sha256())) {
            return false; // downloaded again below; the old file is replaced only by a verified one
        }
        listener.onEvent(new DownloadEvent.Verified(file, actual, expected.source()));
        return true;
    }

    /** Fills {@code part}, resuming across attempts, and returns its sha256. */
    private String download(DownloadSource source, Path part, long expectedSize, ProgressListener listener)
            throws IOException, InterruptedException {
        try (FileChannel channel = FileChannel.open(
                part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            lock(channel, part);
            DownloadAttempt attempt = new DownloadAttempt(client, settings, source, channel, expectedSize, listener);
            for (int number = 1; ; number++) {
                try {
                    attempt.run();
                    break;
                } catch (IOException e) {
                    if (number == settings.maxAttempts()) {
                        throw new IOException("gave up after " + number + " attempts (" + e.getMessage() + "); the "
                                + channel.size() + " bytes received are kept in " + part
                                + " and the next pull resumes from there", e);
                    }
                    listener.onEvent(new DownloadEvent.Retrying(number + 1, settings.maxAttempts(), e.getMessage()));
                    Thread.sleep(settings.retryDelay().multipliedBy(number).toMillis());
                }
            }
            long received = channel.size();
            if (expectedSize != CatalogEntry.UNKNOWN_SIZE && received != expectedSize) {
                channel.truncate(0);
                throw new IOException("received " + received + " bytes of " + source.fileName() + ", expected "
                        + expectedSize + "; the partial file was emptied, run the pull again");
            }
            channel.force(true);
            listener.onEvent(new DownloadEvent.Verifying(part.resolveSibling(source.fileName())));
            return Sha256.of(channel);
        }
    }

    /** Keeps two pulls of the same file, in this process or another, from writing one part file. */
    private static void lock(FileChannel channel, Path part) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("another download is writing " + part + "; wait for it to finish");
        }
        // The lock is released when the channel closes.
    }

    @Override
    public void close() {
        client.close();
        probeClient.close();
    }

    private record ExpectedHash(String sha256, HashSource source) {}
}
