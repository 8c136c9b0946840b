package io.hyperlocal.server.models;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a {@link ModelDownloader} reports while it pulls one file, in order: {@link AlreadyPresent}
 * when the file is on disk (followed by a download when it fails its check), then for a download one
 * or more {@link Started} attempts with their {@link Progress} and {@link Retrying} in between, then
 * {@link Verifying}, and finally {@link Verified} or {@link NotVerified}. Byte counts are totals for
 * the whole file, so a resumed attempt starts above zero.
 */
public sealed interface DownloadEvent {
    /** Sentinel for a total size the server did not announce. */
    long UNKNOWN_TOTAL = -1;

    /** The file is on disk already; a {@link Verified} or {@link NotVerified} follows. */
    record AlreadyPresent(Path file) implements DownloadEvent {
        public AlreadyPresent {
            Objects.requireNonNull(file, "file is null");
        }
    }

    /** An attempt got its response headers and starts receiving at {@code startBytes}. */
    record Started(String fileName, URI source, long startBytes, long totalBytes) implements DownloadEvent {
        public Started {
            Objects.requireNonNull(fileName, "fileName is null");
            Objects.requireNonNull(source, "source is null");
            checkCounts(startBytes, totalBytes);
        }

        public OptionalLong total() {
            return totalBytes == UNKNOWN_TOTAL ? OptionalLong.empty() : OptionalLong.of(totalBytes);
        }
    }

    /** Bytes of the file on disk so far. */
    record Progress(long bytesDone, long totalBytes) implements DownloadEvent {
        public Progress {
            checkCounts(bytesDone, totalBytes);
        }

        public OptionalLong total() {
            return totalBytes == UNKNOWN_TOTAL ? OptionalLong.empty() : OptionalLong.of(totalBytes);
        }
    }

    /** An attempt failed; the next one resumes from what is on disk. */
    record Retrying(int nextAttempt, int maxAttempts, String reason) implements DownloadEvent {
        public Retrying {
            Objects.requireNonNull(reason, "reason is null");
            if (nextAttempt < 2 || nextAttempt > maxAttempts) {
                throw new IllegalArgumentException(
                        "nextAttempt must be in [2, maxAttempts=" + maxAttempts + "]: " + nextAttempt);
            }
        }
    }

    /** The sha256 of the complete file is being computed, which takes a while for large models. */
    record Verifying(Path file) implements DownloadEvent {
        public Verifying {
            Objects.requireNonNull(file, "file is null");
        }
    }

    /** The file's sha256 equals the published one. */
    record Verified(Path file, String sha256, HashSource source) implements DownloadEvent {
        public Verified {
            Objects.requireNonNull(file, "file is null");
            Objects.requireNonNull(sha256, "sha256 is null");
            Objects.requireNonNull(source, "source is null");
        }
    }

    /**
     * The file was kept but could not be checked, because nobody published its sha256.
     *
     * @param sha256 the file's own sha256, for the user to compare by hand, or empty when not computed
     */
    record NotVerified(Path file, String sha256, String reason) implements DownloadEvent {
        public NotVerified {
            Objects.requireNonNull(file, "file is null");
            Objects.requireNonNull(sha256, "sha256 is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    private static void checkCounts(long bytes, long totalBytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        if (totalBytes != UNKNOWN_TOTAL && totalBytes < 0) {
            throw new IllegalArgumentException("totalBytes must not be negative: " + totalBytes);
        }
    }
}
