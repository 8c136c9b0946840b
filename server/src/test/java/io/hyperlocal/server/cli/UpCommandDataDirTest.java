package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hyperlocal up} with a data directory that cannot be one: refused before the database
 * starts, with the folder named and what to do, not an exception's class name.
 */
class UpCommandDataDirTest {
    @TempDir
    Path work;

    @Test
    void aDataDirThatIsAFileIsRefusedBeforeTheDatabaseStarts() throws Exception {
        Path file = Files.writeString(work.resolve("data"), "a file");

        CliRun run = up("--port", "0", "--data-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("Starting the embedded PostgreSQL");
        assertThat(run.err()).isEqualTo("hyperlocal: the data directory " + file + " is a file, not a directory. "
                + "Give a directory you can write to with --data-dir or HYPERLOCAL_DATA_DIR (it is created if "
                + "missing).\n").doesNotContain("Exception");
    }

    @Test
    void aDataDirThatCannotBeCreatedSaysWhy() throws Exception {
        Path file = Files.writeString(work.resolve("file"), "a file");
        Path below = file.resolve("data");

        CliRun run = up("--port", "0", "--data-dir", below.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("Starting the embedded PostgreSQL");
        assertThat(run.err()).startsWith("hyperlocal: cannot create the data directory " + below + ": ")
                .contains("Give a directory you can write to with --data-dir").doesNotContain("Exception");
    }

    @Test
    void aModelsDirThatIsAFileIsRefusedBeforeTheDatabaseStarts() throws Exception {
        Path file = Files.writeString(work.resolve("stories260K.gguf"), "a file");

        CliRun run = up("--port", "0", "--data-dir", work.resolve("data").toString(), "--models-dir", file.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("Starting the embedded PostgreSQL");
        assertThat(run.err()).isEqualTo("hyperlocal: the models directory " + file + " is a file, not a directory; "
                + "give --models-dir (or hyperlocal.models.dir) the folder that holds the .gguf files\n");
    }

    private static CliRun up(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("up"));
        args.addAll(List.of(options));
        return CliRun.main(args);
    }
}
