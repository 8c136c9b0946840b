package io.hyperlocal.server.models;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Models known by a short name, and the rule that turns a GGUF file name into the model id the
 * gateway serves. The built-in catalog carries a sha256 only where one was confirmed from a source
 * we trust; the others are verified against the {@code X-Linked-Etag} that Hugging Face publishes
 * for every LFS file (see {@link ModelDownloader}).
 */
public final class ModelCatalog {
    private static final ModelCatalog BUILT_IN = new ModelCatalog(List.of(
            new CatalogEntry(
                    "qwen2.5-0.5b-instruct",
                    "qwen2.5-0.5b-instruct",
                    URI.create("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/"
                            + "qwen2.5-0.5b-instruct-q4_k_m.gguf"),
                    CatalogEntry.UNKNOWN_SIZE,
                    CatalogEntry.NO_SHA256,
                    "Apache-2.0",
                    "Qwen2.5 0.5B Instruct, Q4_K_M (about 0.4 GB): small multilingual chat model, runs on a CPU"),
            new CatalogEntry(
                    "mistral-7b-instruct-v0.3",
                    "mistral-7b-instruct-v0.3",
                    URI.create("https://huggingface.co/bartowski/Mistral-7B-Instruct-v0.3-GGUF/resolve/main/"
                            + "Mistral-7B-Instruct-v0.3-Q4_K_M.gguf"),
                    CatalogEntry.UNKNOWN_SIZE,
                    CatalogEntry.NO_SHA256,
                    "Apache-2.0",
                    "Mistral 7B Instruct v0.3, Q4_K_M (about 4.4 GB): European general-purpose chat model"),
            // ggml-org/models was renamed to ggml-org/models-moved; the old name only redirects.
            new CatalogEntry(
                    "stories260k",
                    "stories260k",
                    URI.create("https://huggingface.co/ggml-org/models-moved/resolve/main/tinyllamas/stories260K.gguf"),
                    1_185_376,
                    "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d",
                    "MIT",
                    "TinyStories 260K (1.2 MB): writes children's stories; for tests and demos, not for chat")));

    private final List<CatalogEntry> entries;

    /** A catalog of {@code entries}; names and file names must be unique. */
    public ModelCatalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(Objects.requireNonNull(entries, "entries is null"));
        Set<String> names = new HashSet<>();
        Set<String> fileNames = new HashSet<>();
        for (CatalogEntry entry : this.entries) {
            if (!names.add(entry.name())) {
                throw new IllegalArgumentException("entries has a duplicate name: " + entry.name());
            }
            if (!fileNames.add(entry.fileName())) {
                throw new IllegalArgumentException("entries has a duplicate file name: " + entry.fileName());
            }
        }
    }

    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public List<String> names() {
        return entries.stream().map(CatalogEntry::name).toList();
    }

    /** The entry whose short name is {@code name}, ignoring case. */
    public Optional<CatalogEntry> find(String name) {
        Objects.requireNonNull(name, "name is null");
        String wanted = name.toLowerCase(Locale.ROOT);
        return entries.stream().filter(entry -> entry.name().equals(wanted)).findFirst();
    }

    /** The entry whose download is saved as {@code fileName} (exact, case-sensitive match). */
    public Optional<CatalogEntry> findByFileName(String fileName) {
        Objects.requireNonNull(fileName, "fileName is null");
        return entries.stream().filter(entry -> entry.fileName().equals(fileName)).findFirst();
    }

    /**
     * The id a GGUF file is served under: the catalog's model id when the file name is a catalog
     * download, otherwise {@link #deriveModelId(String) derived} from the file name.
     */
    public String modelIdForFile(String fileName) {
        return findByFileName(fileName).map(CatalogEntry::modelId).orElseGet(() -> deriveModelId(fileName));
    }

    /**
     * A model id from a file name: lower case, without {@code .gguf}, every run of characters
     * outside {@code [a-z0-9._-]} replaced by one {@code -}. For example
     * {@code Mistral-7B-Instruct-v0.3.Q4_K_M.gguf} becomes {@code mistral-7b-instruct-v0.3.q4_k_m}.
     *
     * @throws IllegalArgumentException when nothing usable is left of the name
     */
    public static String deriveModelId(String fileName) {
        Objects.requireNonNull(fileName, "fileName is null");
        String id = fileName.toLowerCase(Locale.ROOT);
        if (id.endsWith(".gguf")) {
            id = id.substring(0, id.length() - ".gguf".length());
        }
        id = id.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("fileName has no characters usable in a model id: " + fileName);
        }
        return id;
    }
}
