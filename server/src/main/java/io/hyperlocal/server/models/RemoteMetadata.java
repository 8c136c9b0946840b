package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server says about a file before it is downloaded.
 *
 * <p>Hugging Face answers a request for {@code resolve/main/<file>} with a redirect to its CDN and
 * puts the file's sha256 in {@code X-Linked-Etag} and its size in {@code X-Linked-Size} on that
 * first, redirecting response only. The CDN's own {@code ETag} is not a sha256 (often an MD5 or an
 * opaque id), so only {@code X-Linked-Etag} is ever read as a hash, and only when it is 64 hex digits.
 *
 * @param linkedSha256 the sha256 from {@code X-Linked-Etag}, lower-case hex, or empty
 * @param sizeBytes the size from {@code X-Linked-Size} or the final {@code Content-Length}, or
 *     {@link CatalogEntry#UNKNOWN_SIZE}
 */
record RemoteMetadata(String linkedSha256, long sizeBytes) {
    static final RemoteMetadata NONE = new RemoteMetadata("", CatalogEntry.UNKNOWN_SIZE);
    private static final int MAX_REDIRECTS = 10;

    RemoteMetadata {
        Objects.requireNonNull(linkedSha256, "linkedSha256 is null");
    }

    Optional<String> sha256() {
        return linkedSha256.isEmpty() ? Optional.empty() : Optional.of(linkedSha256);
    }

    /**
     * Sends {@code HEAD} requests along the redirect chain of {@code url}, collecting the first
     * {@code X-Linked-*} headers seen. {@code client} must not follow redirects itself, or the
     * headers of the redirecting response would never be seen.
     */
    static RemoteMetadata probe(HttpClient client, URI url, Duration timeout) throws IOException, InterruptedException {
        String sha256 = "";
        long size = CatalogEntry.UNKNOWN_SIZE;
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = HttpRequest.newBuilder(current).HEAD().timeout(timeout).build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            HttpHeaders headers = response.headers();
            if (sha256.isEmpty()) {
                sha256 = headers.firstValue("X-Linked-Etag").flatMap(RemoteMetadata::sha256FromEtag).orElse("");
            }
            if (size == CatalogEntry.UNKNOWN_SIZE) {
                size = headers.firstValueAsLong("X-Linked-Size").orElse(CatalogEntry.UNKNOWN_SIZE);
            }
            int status = response.statusCode();
            Optional<String> location = headers.firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                current = current.resolve(location.get());
                continue;
            }
            if (status >= 200 && status < 300) {
                if (size == CatalogEntry.UNKNOWN_SIZE) {
                    size = headers.firstValueAsLong("Content-Length").orElse(CatalogEntry.UNKNOWN_SIZE);
                }
                return new RemoteMetadata(sha256, size);
            }
            if (status == 405 || status == 501) {
                // The server does not do HEAD; the download itself will tell the size.
                return new RemoteMetadata(sha256, size);
            }
            throw failure(url, current, status);
        }
        throw new ModelException(ErrorCode.INTERNAL, "more than " + MAX_REDIRECTS + " redirects for " + url);
    }

    static ModelException failure(URI url, URI current, int status) {
        String where = current.equals(url) ? url.toString() : url + " (redirected to " + current.getHost() + ")";
        return switch (status) {
            case 404 -> new ModelException(ErrorCode.MODEL_NOT_FOUND, "no file at " + where
                    + " (HTTP 404); check the repository and file name");
            case 401, 403 -> new ModelException(ErrorCode.INTERNAL, "the server refused " + where + " (HTTP " + status
                    + "); the model may be gated: accept its licence on the model page, or download it by hand"
                    + " into the models directory");
            default -> new ModelException(ErrorCode.INTERNAL, "the server answered HTTP " + status + " for " + where
                    + "; try again later");
        };
    }

    /**
     * The sha256 in an {@code ETag}-style value, accepting {@code "hex"}, {@code W/"hex"} and bare
     * {@code hex}; empty for anything that is not exactly 64 hex digits.
     */
    static Optional<String> sha256FromEtag(String value) {
        String tag = value.strip();
        if (tag.startsWith("W/") || tag.startsWith("w/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        tag = tag.toLowerCase(Locale.ROOT);
        return CatalogEntry.isSha256(tag) ? Optional.of(tag) : Optional.empty();
    }
}
