package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hyperlocal models} with a wrong models directory: one line that says what to fix, no stack trace. */
class ModelsCommandTest {
    @TempDir
    Path work;

    @Test
    void listOnAFileSaysItIsNotADirectory() throws Exception {
        Path file = Files.writeString(work.resolve("stories260K.gguf"), "not a folder");

        Run run = run("models", "list", "--models-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hyperlocal: the models directory " + file + " is a file, not a directory; "
                + "give --models-dir (or hyperlocal.models.dir) the folder that holds the .gguf files\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void pullIntoAFileSaysItIsNotADirectoryBeforeAnyDownload() throws Exception {
        Path file = Files.writeString(work.resolve("models"), "not a folder");

        // The host does not resolve: the directory must be refused before the network is tried.
        Run run = run("models", "pull", "https://models.invalid/x.gguf", "--models-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("the models directory " + file + " is a file, not a directory")
                .doesNotContain("cannot reach");
    }

    @Test
    void anExtraWordAfterListOrCatalogIsRefusedNotIgnored() {
        Run run = run("models", "catalog", "stories260k", "--models-dir", work.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'models catalog' takes no argument: 'stories260k'");
        assertThat(run.out()).doesNotContain("stories");
    }

    /** 'models pull' takes http as well as https URLs (a mirror inside the operator's network): the catalog says both. */
    @Test
    void theCatalogSaysWhichUrlsPullTakes() {
        Run run = run("models", "catalog", "--models-dir", work.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("stories260k", "Any http(s) URL of a .gguf file works too");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {}
}
