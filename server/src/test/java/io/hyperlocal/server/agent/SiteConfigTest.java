package io.hyperlocal.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site agent's file: the README's example reads as written; mistakes name their field. */
class SiteConfigTest {
    private static final String EXAMPLE = """
            site:
              id: fr-lyo
              name: Lyon
              country: FR
              city: Lyon
              latitude: 45.764
              longitude: 4.8357
              jurisdictionTags: [FR, EU]
            token: s3cret
            port: 9101
            advertiseUrl: http://10.0.0.7:9101
            engines:
              - id: sim
                kind: simulated
                models: [demo-model]
                slots: 8
                tokenDelayMs: 30
                seed: 42
              - id: llama
                kind: llama.cpp
                gguf: /models/stories260K.gguf
                slots: 2
                contextSize: 2048
            """;

    @TempDir
    Path folder;

    @Test
    void readsTheReadmeExample() throws Exception {
        SiteConfig config = SiteConfig.read(write(EXAMPLE));
        assertThat(config.site().id()).isEqualTo("fr-lyo");
        assertThat(config.site().jurisdictionTags()).containsExactlyInAnyOrder("FR", "EU");
        assertThat(config.token()).isEqualTo("s3cret");
        assertThat(config.port()).isEqualTo(9101);
        assertThat(config.advertiseUrl()).isEqualTo("http://10.0.0.7:9101");
        SiteConfig.Engine simulated = config.engines().get(0);
        assertThat(simulated.models()).isEqualTo(List.of("demo-model"));
        assertThat(simulated.tokenDelay()).isEqualTo(Duration.ofMillis(30));
        assertThat(simulated.seed()).isEqualTo(42);
        assertThat(config.engines().get(1).gguf()).isEqualTo("/models/stories260K.gguf");
    }

    @Test
    void defaultsWhenOptionalFieldsAreAbsent() throws Exception {
        SiteConfig config = SiteConfig.read(write(EXAMPLE.replace("token: s3cret\n", "").replace("port: 9101\n", "")
                .replace("advertiseUrl: http://10.0.0.7:9101\n", "")));
        assertThat(config.token()).isEmpty();
        assertThat(config.port()).isZero();
        assertThat(config.advertiseUrl()).isEmpty();
    }

    @Test
    void mistakesNameTheirField() throws Exception {
        assertThatThrownBy(() -> SiteConfig.read(write(EXAMPLE.replace("  name: Lyon\n", ""))))
                .hasMessageContaining("'site.name' is missing");
        assertThatThrownBy(() -> SiteConfig.read(write(EXAMPLE.replace("tokenDelayMs", "tokenDelay"))))
                .hasMessageContaining("unknown field 'engines[0].tokenDelay'");
        assertThatThrownBy(() -> SiteConfig.read(write(EXAMPLE.replace("kind: simulated", "kind: vllm"))))
                .hasMessageContaining("engines[sim].kind must be 'simulated' or 'llama.cpp': vllm");
        assertThatThrownBy(() -> SiteConfig.read(write(EXAMPLE.replace("id: llama", "id: sim"))))
                .hasMessageContaining("unique");
        assertThatThrownBy(() -> SiteConfig.read(folder.resolve("absent.yaml"))).hasMessageContaining("cannot read");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(folder.resolve("site.yaml"), text);
    }
}
