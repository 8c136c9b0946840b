package io.hyperlocal.engines.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Corrupt headers end in a {@link GgufFormatException} or a parse, never another failure. */
class GgufFuzzTest {
    private static byte[] original;
    private Path file;

    @BeforeProperty
    void prepare() throws IOException {
        if (original == null) {
            // The header of the tiny model ends within its first 8 KiB; its tensors do not matter here.
            original = Arrays.copyOf(Files.readAllBytes(TestModels.stories260k()), 8192);
        }
        file = Files.createTempFile("fuzz", ".gguf");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        Files.deleteIfExists(file);
    }

    @Property(tries = 300)
    void corruptHeadersFailCleanly(@ForAll @IntRange(min = 4, max = 8191) int position, @ForAll byte value,
            @ForAll @IntRange(min = 5, max = 8192) int length) throws IOException {
        byte[] corrupt = Arrays.copyOf(original, length);
        if (position < length) {
            corrupt[position] = value;
        }
        Files.write(file, corrupt);

        try {
            GgufMetadata metadata = GgufMetadata.read(file);
            assertThat(metadata.architecture()).isNotNull();
        } catch (GgufFormatException expected) {
            assertThat(expected.getMessage()).contains(file.toString());
        }
    }
}
