package io.hyperlocal.engines.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufMetadataTest {
    @TempDir
    Path directory;

    @Test
    void readsTheHeaderOfTheTinyModel() {
        GgufMetadata metadata = GgufMetadata.read(TestModels.stories260k());

        assertThat(metadata.version()).isEqualTo(3);
        assertThat(metadata.architecture()).isEqualTo("llama");
        assertThat(metadata.name()).contains("llama");
        assertThat(metadata.integer("llama.block_count")).hasValue(5);
        assertThat(metadata.integer("llama.embedding_length")).hasValue(64);
        assertThat(metadata.vocabularySize()).hasValue(512);
        assertThat(metadata.contextLength()).hasValue(2048);
        assertThat(metadata.chatTemplate()).isEmpty();
        assertThat(metadata.addBosToken()).isTrue();
        assertThat(metadata.bosTokenId()).hasValue(1);
        assertThat(metadata.eosTokenId()).hasValue(2);
        assertThat(metadata.tensorCount()).isEqualTo(48);
        assertThat(metadata.values()).doesNotContainKey("tokenizer.ggml.tokens");
        assertThat(metadata.arrayLengths()).containsEntry("tokenizer.ggml.scores", 512L);
    }

    @Test
    void readsAnAddedChatTemplate() throws IOException {
        Path copy = GgufFiles.withString(TestModels.stories260k(), directory.resolve("chat.gguf"),
                "tokenizer.chat_template", "{{ messages }}");

        GgufMetadata metadata = GgufMetadata.read(copy);

        assertThat(metadata.chatTemplate()).contains("{{ messages }}");
        assertThat(metadata.vocabularySize()).hasValue(512);
    }

    @Test
    void refusesAFileThatIsNotGguf() throws IOException {
        Path text = Files.writeString(directory.resolve("notes.txt"), "hello world, not a model");

        assertThatThrownBy(() -> GgufMetadata.read(text))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith("not a GGUF file: " + text)
                .hasMessageContaining("magic 0x68656c6c \"hell\"");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] start = Arrays.copyOf(Files.readAllBytes(TestModels.stories260k()), 200);
        Path truncated = Files.write(directory.resolve("truncated.gguf"), start);

        assertThatThrownBy(() -> GgufMetadata.read(truncated))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("truncated GGUF file: " + truncated);
    }

    @Test
    void refusesVersionOne() throws IOException {
        byte[] header = "GGUF\u0001\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1);
        Path old = Files.write(directory.resolve("old.gguf"), header);

        assertThatThrownBy(() -> GgufMetadata.read(old))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("unsupported GGUF version 1");
    }
}
