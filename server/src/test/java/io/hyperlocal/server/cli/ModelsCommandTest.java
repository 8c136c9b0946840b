package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hyperlocal models} with a wrong models directory: one line that says what to fix, no stack trace. */
class ModelsCommandTest {
    @TempDir
    Path work;

    @Test
    void listOnAFileSaysItIsNotADirectory() throws Exception {
        Path file = Files.writeString(work.resolve("stories260K.gguf"), "not a folder");

        CliRun run = CliRun.main("models", "list", "--models-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hyperlocal: the models directory " + file + " is a file, not a directory; "
                + "give --models-dir (or hyperlocal.models.dir) the folder that holds the .gguf files\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void pullIntoAFileSaysItIsNotADirectoryBeforeAnyDownload() throws Exception {
        Path file = Files.writeString(work.resolve("models"), "not a folder");

        // The host does not resolve: the directory must be refused before the network is tried.
        CliRun run = CliRun.main("models", "pull", "https://models.invalid/x.gguf", "--models-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("the models directory " + file + " is a file, not a directory")
                .doesNotContain("cannot reach");
    }

    @Test
    void anExtraWordAfterListOrCatalogIsRefusedNotIgnored() {
        CliRun run = CliRun.main("models", "catalog", "stories260k", "--models-dir", work.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'models catalog' takes no argument: 'stories260k'");
        assertThat(run.out()).doesNotContain("stories");
    }

    /** 'models pull' takes http as well as https URLs (a mirror inside the operator's network): the catalog says both. */
    @Test
    void theCatalogSaysWhichUrlsPullTakes() {
        CliRun run = CliRun.main("models", "catalog", "--models-dir", work.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("stories260k", "Any http(s) URL of a .gguf file works too");
    }
}
