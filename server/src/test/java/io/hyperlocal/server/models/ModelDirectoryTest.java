package io.hyperlocal.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @TempDir
    Path directory;

    private final Path home = Path.of("/home/ada");

    @Test
    void listsGgufFilesSortedByIdSkippingPartialHiddenAndNestedFiles() throws IOException {
        Files.write(directory.resolve("stories260K.gguf"), new byte[7]);
        Files.write(directory.resolve("Mistral-7B-Instruct-v0.3.Q4_K_M.gguf"), new byte[3]);
        Files.write(directory.resolve("big.gguf.part"), new byte[1]);
        Files.write(directory.resolve(".hidden.gguf"), new byte[1]);
        Files.write(directory.resolve("notes.txt"), new byte[1]);
        Files.createDirectories(directory.resolve("nested"));
        Files.write(directory.resolve("nested/inner.gguf"), new byte[1]);
        Files.createDirectories(directory.resolve("folder.gguf"));

        var models = new ModelDirectory(directory, ModelCatalog.builtIn()).scan();

        assertThat(models).containsExactly(
                new LocalModel("mistral-7b-instruct-v0.3.q4_k_m",
                        directory.resolve("Mistral-7B-Instruct-v0.3.Q4_K_M.gguf"), 3),
                new LocalModel("stories260k", directory.resolve("stories260K.gguf"), 7));
    }

    @Test
    void findsAModelById() throws IOException {
        Files.write(directory.resolve("stories260K.gguf"), new byte[7]);
        ModelDirectory models = new ModelDirectory(directory, ModelCatalog.builtIn());

        assertThat(models.find("stories260k")).map(LocalModel::sizeBytes).contains(7L);
        assertThat(models.find("stories260K")).isEmpty();
    }

    @Test
    void twoFilesWithTheSameIdAreAnErrorNamingBoth() throws IOException {
        Files.write(directory.resolve("Tiny.gguf"), new byte[1]);
        Files.write(directory.resolve("tiny.gguf"), new byte[1]);

        assertThatThrownBy(() -> new ModelDirectory(directory, ModelCatalog.builtIn()).scan())
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'tiny'")
                .hasMessageContaining("Tiny.gguf")
                .hasMessageContaining("tiny.gguf");
    }

    @Test
    void aMissingDirectoryHoldsNoModels() {
        assertThat(new ModelDirectory(directory.resolve("absent"), ModelCatalog.builtIn()).scan()).isEmpty();
    }

    @Test
    void resolvesExplicitThenPropertyThenEnvironmentThenHome() {
        assertThat(ModelDirectory.resolve("/a", "/b", "/c", home)).isEqualTo(Path.of("/a"));
        assertThat(ModelDirectory.resolve("", "/b", "/c", home)).isEqualTo(Path.of("/b"));
        assertThat(ModelDirectory.resolve(" ", "", "/c", home)).isEqualTo(Path.of("/c"));
        assertThat(ModelDirectory.resolve("", "", "", home)).isEqualTo(Path.of("/home/ada/.hyperlocal/models"));
    }

    @Test
    void expandsATildeAndMakesRelativePathsAbsolute() {
        assertThat(ModelDirectory.resolve("~/models", "", "", home)).isEqualTo(Path.of("/home/ada/models"));
        assertThat(ModelDirectory.resolve("", "", "~", home)).isEqualTo(home);
        assertThat(ModelDirectory.resolve("rel/../models", "", "", home))
                .isEqualTo(Path.of("").toAbsolutePath().resolve("models"));
    }

    @Test
    void readsTheSystemProperty() {
        String before = System.getProperty(ModelDirectory.PROPERTY);
        System.setProperty(ModelDirectory.PROPERTY, directory.toString());
        try {
            assertThat(ModelDirectory.resolve("")).isEqualTo(directory);
            assertThat(ModelDirectory.resolve("/explicit")).isEqualTo(Path.of("/explicit"));
        } finally {
            if (before == null) {
                System.clearProperty(ModelDirectory.PROPERTY);
            } else {
                System.setProperty(ModelDirectory.PROPERTY, before);
            }
        }
    }
}
