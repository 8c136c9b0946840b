package io.hyperlocal.server.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real tiny model the build points to with {@code -Dhyperlocal-test.model}. */
final class TestingModel {
    static final String FILE_NAME = "stories260K.gguf";
    static final String SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
    static final long SIZE = 1_185_376;

    private TestingModel() {}

    static Path path() {
        String property = System.getProperty("hyperlocal-test.model", "");
        if (property.isBlank()) {
            throw new IllegalStateException("system property hyperlocal-test.model is not set; run the tests through"
                    + " Maven, which points it at ../shared/models/stories260K.gguf");
        }
        Path path = Path.of(property);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("hyperlocal-test.model points to " + path + ", which is not a file;"
                    + " keep the shared folder (with models/stories260K.gguf) beside the clone");
        }
        return path;
    }

    static byte[] bytes() {
        try {
            return Files.readAllBytes(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
