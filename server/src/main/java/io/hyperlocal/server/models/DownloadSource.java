package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * What to download and how to check it: a catalog entry, or a URL the user typed.
 *
 * @param url the file's URL, without query or fragment
 * @param fileName the name the file gets in the models directory
 * @param catalogSha256 the sha256 published in the catalog, or empty
 * @param sizeBytes expected size, or {@link CatalogEntry#UNKNOWN_SIZE}
 */
record DownloadSource(URI url, String fileName, String catalogSha256, long sizeBytes) {
    DownloadSource {
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(fileName, "fileName is null");
        Objects.requireNonNull(catalogSha256, "catalogSha256 is null");
    }

    Optional<String> publishedSha256() {
        return catalogSha256.isEmpty() ? Optional.empty() : Optional.of(catalogSha256);
    }

    /**
     * The source for a catalog name or an {@code http(s)} URL. A Hugging Face {@code blob/} page URL
     * is turned into the {@code resolve/} URL of the file itself; a query such as
     * {@code ?download=true} is dropped.
     */
    static DownloadSource of(String nameOrUrl, ModelCatalog catalog) {
        Objects.requireNonNull(nameOrUrl, "nameOrUrl is null");
        String argument = nameOrUrl.strip();
        if (!argument.startsWith("http://") && !argument.startsWith("https://")) {
            return catalog.find(argument)
                    .map(DownloadSource::of)
                    .orElseThrow(() -> new ModelException(ErrorCode.MODEL_NOT_FOUND, "unknown model '" + argument
                            + "'; known models: " + String.join(", ", catalog.names())
                            + ". Give one of these names or the http(s) URL of a .gguf file."));
        }
        URI typed = withoutQuery(argument);
        URI url = "huggingface.co".equals(typed.getHost()) && typed.getPath().contains("/blob/")
                ? typed.resolve(typed.getRawPath().replaceFirst("/blob/", "/resolve/"))
                : typed;
        String path = url.getPath();
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        if (!fileName.endsWith(".gguf") || fileName.startsWith(".")) {
            throw new ModelException(ErrorCode.INVALID_VALUE, "the URL " + argument
                    + " does not name a .gguf file; give the direct link to a GGUF file"
                    + " (on Hugging Face: .../resolve/main/<file>.gguf)");
        }
        // The catalog's URL typed out in full is still checked against the catalog's hash.
        return catalog.findByFileName(fileName)
                .filter(entry -> entry.url().equals(url))
                .map(DownloadSource::of)
                .orElse(new DownloadSource(url, fileName, CatalogEntry.NO_SHA256, CatalogEntry.UNKNOWN_SIZE));
    }

    private static DownloadSource of(CatalogEntry entry) {
        return new DownloadSource(entry.url(), entry.fileName(), entry.sha256(), entry.sizeBytes());
    }

    private static URI withoutQuery(String argument) {
        try {
            URI parsed = new URI(argument);
            if (parsed.getHost() == null || parsed.getPath() == null) {
                throw new URISyntaxException(argument, "no host or path");
            }
            return new URI(parsed.getScheme(), parsed.getUserInfo(), parsed.getHost(), parsed.getPort(),
                    parsed.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new ModelException(
                    ErrorCode.INVALID_VALUE, "not a valid URL: " + argument + " (" + e.getMessage() + ")", e);
        }
    }
}
