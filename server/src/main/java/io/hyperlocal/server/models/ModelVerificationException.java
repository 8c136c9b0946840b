package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A downloaded file's sha256 differs from the published one. The partial file has been deleted by
 * the time this is thrown, so a retry downloads from the start.
 */
public final class ModelVerificationException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    ModelVerificationException(Path file, String expected, String actual, HashSource source) {
        super(ErrorCode.INTERNAL, "sha256 mismatch for " + Objects.requireNonNull(file, "file is null").getFileName()
                + ": expected " + expected + " (" + source.description() + "), got " + actual
                + "; the download was deleted. The file on the server may have changed or been corrupted in"
                + " transit: run the pull again, and if it fails the same way, check the source.");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
