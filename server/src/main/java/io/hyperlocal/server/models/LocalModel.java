package io.hyperlocal.server.models;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A GGUF file in the models directory and the id it is served under.
 *
 * @param id model id, see {@link ModelCatalog#modelIdForFile(String)}
 * @param path absolute path of the file
 * @param sizeBytes size of the file when it was listed
 */
public record LocalModel(String id, Path path, long sizeBytes) {
    public LocalModel {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(path, "path is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id is blank");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
    }
}
