package io.hyperlocal.server.subscribers;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one import did. {@code inserted + updated + unchanged + rejected} is the number of rows of
 * the file (blank lines and the header apart).
 *
 * @param inserted subscribers that did not exist
 * @param updated subscribers whose MSISDN, country, birth year or billing account changed
 * @param unchanged rows that matched their subscriber exactly
 * @param rejected rows refused, every one listed in {@code rejectedFile}
 * @param firstRejections the first {@value SubscriberImport#SHOWN_REJECTIONS} rejections, by line
 * @param rejectedFile {@code line,reason,row} for every rejected row (just the header when there is none)
 */
public record ImportReport(long inserted, long updated, long unchanged, long rejected, List<Rejection> firstRejections,
        Path rejectedFile) {
    public ImportReport {
        if (inserted < 0 || updated < 0 || unchanged < 0 || rejected < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + inserted + ", " + updated + ", "
                    + unchanged + ", " + rejected);
        }
        firstRejections = List.copyOf(Objects.requireNonNull(firstRejections, "firstRejections is null"));
        Objects.requireNonNull(rejectedFile, "rejectedFile is null");
    }

    /** Every row of the file. */
    public long rows() {
        return inserted + updated + unchanged + rejected;
    }
}
