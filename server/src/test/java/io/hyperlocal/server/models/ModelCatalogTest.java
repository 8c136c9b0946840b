package io.hyperlocal.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void knowsASmallInstructModelAMistralModelAndTheTestModel() {
        assertThat(catalog.names()).containsExactly("qwen2.5-0.5b-instruct", "mistral-7b-instruct-v0.3", "stories260k");
        assertThat(catalog.entries()).allSatisfy(entry -> {
            assertThat(entry.url().getHost()).isEqualTo("huggingface.co");
            assertThat(entry.url().getPath()).contains("/resolve/main/").endsWith(".gguf");
            assertThat(entry.license()).isNotBlank();
        });
    }

    @Test
    void onlyTheTestModelCarriesAHashAndSize() {
        CatalogEntry stories = catalog.find("stories260k").orElseThrow();
        assertThat(stories.publishedSha256()).contains(TestingModel.SHA256);
        assertThat(stories.expectedSize()).hasValue(TestingModel.SIZE);
        assertThat(stories.fileName()).isEqualTo("stories260K.gguf");
        assertThat(catalog.find("qwen2.5-0.5b-instruct").orElseThrow().publishedSha256()).isEmpty();
        assertThat(catalog.find("mistral-7b-instruct-v0.3").orElseThrow().publishedSha256()).isEmpty();
    }

    @Test
    void findsNamesIgnoringCase() {
        assertThat(catalog.find("Stories260K")).map(CatalogEntry::name).contains("stories260k");
        assertThat(catalog.find("gpt-5")).isEmpty();
    }

    @Test
    void mapsACatalogFileToItsModelIdAndDerivesTheRest() {
        assertThat(catalog.modelIdForFile("stories260K.gguf")).isEqualTo("stories260k");
        assertThat(catalog.modelIdForFile("qwen2.5-0.5b-instruct-q4_k_m.gguf")).isEqualTo("qwen2.5-0.5b-instruct");
        assertThat(catalog.modelIdForFile("Mistral-7B-Instruct-v0.3.Q4_K_M.gguf"))
                .isEqualTo("mistral-7b-instruct-v0.3.q4_k_m");
    }

    @Test
    void derivesIdsFromFileNames() {
        assertThat(ModelCatalog.deriveModelId("Mistral-7B-Instruct-v0.3.Q4_K_M.gguf"))
                .isEqualTo("mistral-7b-instruct-v0.3.q4_k_m");
        assertThat(ModelCatalog.deriveModelId("My Model (v2).GGUF")).isEqualTo("my-model-v2");
        assertThat(ModelCatalog.deriveModelId("llama+3=8b.gguf")).isEqualTo("llama-3-8b");
        assertThatThrownBy(() -> ModelCatalog.deriveModelId("模型.gguf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fileName");
    }

    @Test
    void rejectsDuplicateNames() {
        CatalogEntry one = entry("one", "https://example.org/a.gguf");
        assertThatThrownBy(() -> new ModelCatalog(List.of(one, entry("one", "https://example.org/b.gguf"))))
                .hasMessage("entries has a duplicate name: one");
        assertThatThrownBy(() -> new ModelCatalog(List.of(one, entry("two", "https://example.org/x/a.gguf"))))
                .hasMessage("entries has a duplicate file name: a.gguf");
    }

    @Test
    void entriesValidateTheirFields() {
        assertThatThrownBy(() -> new CatalogEntry("Bad Name", "id", URI.create("https://x.org/a.gguf"),
                        CatalogEntry.UNKNOWN_SIZE, "", "MIT", "d"))
                .hasMessageStartingWith("name must match");
        assertThatThrownBy(() -> new CatalogEntry("a", "a", URI.create("https://x.org/a.bin"),
                        CatalogEntry.UNKNOWN_SIZE, "", "MIT", "d"))
                .hasMessageStartingWith("url must name a .gguf file");
        assertThatThrownBy(() -> new CatalogEntry("a", "a", URI.create("https://x.org/a.gguf"),
                        CatalogEntry.UNKNOWN_SIZE, "ABC", "MIT", "d"))
                .hasMessageStartingWith("sha256 must be 64 lower-case hex digits");
        assertThatThrownBy(() -> new CatalogEntry("a", "a", URI.create("https://x.org/a.gguf"), 0, "", "MIT", "d"))
                .hasMessageStartingWith("sizeBytes must be positive");
    }

    private static CatalogEntry entry(String name, String url) {
        return new CatalogEntry(name, name, URI.create(url), CatalogEntry.UNKNOWN_SIZE, "", "MIT", "test");
    }
}
