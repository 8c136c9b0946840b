package io.hyperlocal.server.subscribers;

/** Hears how an import advances, on the importing thread; {@link ImportProgress} shows it on a terminal. */
public interface ImportListener {
    /** A listener that ignores everything. */
    ImportListener NONE = new ImportListener() {
        @Override
        public void reading(long rows, long bytesRead, long totalBytes) {}

        @Override
        public void step(String description) {}
    };

    /**
     * Rows are being read and staged: {@code rows} so far, {@code bytesRead} of the file's
     * {@code totalBytes}. Called every few hundred rows and once at the end of the file.
     */
    void reading(long rows, long bytesRead, long totalBytes);

    /** A step after the reading, such as the duplicate checks or the write into {@code subscriber}. */
    void step(String description);
}
