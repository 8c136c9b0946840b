package io.hyperlocal.server.models;

/** Where the sha256 a download is checked against was published. */
public enum HashSource {
    /** The built-in {@link ModelCatalog} entry. */
    CATALOG("published in the model catalog"),
    /** The {@code X-Linked-Etag} header Hugging Face sends for files stored in Git LFS. */
    SERVER("published by the server as X-Linked-Etag");

    private final String description;

    HashSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
