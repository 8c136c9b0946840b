package io.hyperlocal.engines;

import java.util.Objects;

/**
 * A model as an engine serves it.
 *
 * @param id the model id clients name in requests
 * @param contextLength tokens of context each request may use
 * @param simulated true when the text is produced by a simulated engine, never by a model
 * @param description where the model comes from, for listings (file name, upstream URL)
 */
public record ModelInfo(String id, int contextLength, boolean simulated, String description) {
    public ModelInfo {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(description, "description is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id is blank");
        }
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength must be at least 1: " + contextLength);
        }
    }
}
