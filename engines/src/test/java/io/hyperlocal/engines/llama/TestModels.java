package io.hyperlocal.engines.llama;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the tiny real model; missing it fails the tests, it never skips them. */
final class TestModels {
    static final String PROPERTY = "hyperlocal-test.model";

    private TestModels() {}

    /** stories260K.gguf: llama architecture, 5 layers, embedding 64, vocabulary 512, no chat template. */
    static Path stories260k() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new AssertionError("System property " + PROPERTY + " is not set. The build's surefire configuration "
                    + "sets it to ../shared/models/stories260K.gguf beside the repository; run the tests through Maven, "
                    + "or pass -D" + PROPERTY + "=<path to stories260K.gguf>.");
        }
        Path path = Path.of(configured);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(PROPERTY + " is " + path.toAbsolutePath() + ", which is not a file. Put "
                    + "stories260K.gguf there (it lives in the shared folder beside the repository) or point "
                    + PROPERTY + " at it.");
        }
        return path;
    }
}
