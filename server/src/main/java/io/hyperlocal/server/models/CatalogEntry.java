package io.hyperlocal.server.models;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One model the catalog knows by a short name.
 *
 * @param name short name a user types, for example {@code qwen2.5-0.5b-instruct}
 * @param modelId the id the gateway serves the model under
 * @param url where the GGUF file is downloaded from; its last path segment is the file name
 * @param sizeBytes expected file size in bytes, or {@link #UNKNOWN_SIZE}
 * @param sha256 the published sha256 in lower-case hex, or {@link #NO_SHA256}; only a hash read from
 *     an authoritative source belongs here, never one computed from an unverified download
 * @param license SPDX identifier of the model's licence
 * @param description one line for {@code hyperlocal models}
 */
public record CatalogEntry(
        String name, String modelId, URI url, long sizeBytes, String sha256, String license, String description) {
    public static final long UNKNOWN_SIZE = -1;
    public static final String NO_SHA256 = "";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public CatalogEntry {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(modelId, "modelId is null");
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(sha256, "sha256 is null");
        Objects.requireNonNull(license, "license is null");
        Objects.requireNonNull(description, "description is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must match " + NAME + ": " + name);
        }
        if (!NAME.matcher(modelId).matches()) {
            throw new IllegalArgumentException("modelId must match " + NAME + ": " + modelId);
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("url must be http or https: " + url);
        }
        if (!url.getPath().endsWith(".gguf")) {
            throw new IllegalArgumentException("url must name a .gguf file: " + url);
        }
        if (sizeBytes != UNKNOWN_SIZE && sizeBytes <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive or UNKNOWN_SIZE: " + sizeBytes);
        }
        if (!sha256.isEmpty() && !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits or empty: " + sha256);
        }
    }

    /** The name the file has on disk: the last segment of the URL path. */
    public String fileName() {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public Optional<String> publishedSha256() {
        return sha256.isEmpty() ? Optional.empty() : Optional.of(sha256);
    }

    public OptionalLong expectedSize() {
        return sizeBytes == UNKNOWN_SIZE ? OptionalLong.empty() : OptionalLong.of(sizeBytes);
    }

    /** Whether {@code text} is a sha256 in the form this record stores. */
    static boolean isSha256(String text) {
        return SHA256.matcher(text).matches();
    }
}
