package io.hyperlocal.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ErrorCode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class DownloadSourceTest {
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void aCatalogNameCarriesTheCatalogHashAndSize() {
        DownloadSource source = DownloadSource.of("stories260k", catalog);
        assertThat(source.fileName()).isEqualTo("stories260K.gguf");
        assertThat(source.publishedSha256()).contains(TestingModel.SHA256);
        assertThat(source.sizeBytes()).isEqualTo(TestingModel.SIZE);
    }

    @Test
    void aUrlLosesItsQueryAndNamesTheFile() {
        DownloadSource source = DownloadSource.of(
                "https://huggingface.co/org/repo/resolve/main/Some-Model.Q8_0.gguf?download=true", catalog);
        assertThat(source.url())
                .isEqualTo(URI.create("https://huggingface.co/org/repo/resolve/main/Some-Model.Q8_0.gguf"));
        assertThat(source.fileName()).isEqualTo("Some-Model.Q8_0.gguf");
        assertThat(source.publishedSha256()).isEmpty();
    }

    @Test
    void aHuggingFacePageUrlBecomesTheFileUrl() {
        DownloadSource source = DownloadSource.of("https://huggingface.co/org/repo/blob/main/m.gguf", catalog);
        assertThat(source.url()).isEqualTo(URI.create("https://huggingface.co/org/repo/resolve/main/m.gguf"));
    }

    @Test
    void theCatalogUrlTypedInFullIsStillCheckedAgainstTheCatalogHash() {
        String url = catalog.find("stories260k").orElseThrow().url() + "?download=true";
        assertThat(DownloadSource.of(url, catalog).publishedSha256()).contains(TestingModel.SHA256);
    }

    @Test
    void rejectsUrlsThatNameNoGgufFile() {
        assertThatThrownBy(() -> DownloadSource.of("https://example.org/models/", catalog))
                .isInstanceOfSatisfying(ModelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE))
                .hasMessageContaining("does not name a .gguf file");
        assertThatThrownBy(() -> DownloadSource.of("https://example.org/.gguf", catalog))
                .isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> DownloadSource.of("https://exa mple.org/a.gguf", catalog))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("not a valid URL");
    }

    @Test
    void readsOnlyASha256OutOfAnEtag() {
        String hash = TestingModel.SHA256;
        assertThat(RemoteMetadata.sha256FromEtag("\"" + hash + "\"")).contains(hash);
        assertThat(RemoteMetadata.sha256FromEtag("W/\"" + hash + "\"")).contains(hash);
        assertThat(RemoteMetadata.sha256FromEtag(hash.toUpperCase(java.util.Locale.ROOT))).contains(hash);
        assertThat(RemoteMetadata.sha256FromEtag("\"d41d8cd98f00b204e9800998ecf8427e\"")).isEmpty(); // an MD5
        assertThat(RemoteMetadata.sha256FromEtag("\"5f3c-1a2b3c\"")).isEmpty();
        assertThat(RemoteMetadata.sha256FromEtag("\"" + hash + "-2\"")).isEmpty(); // multipart-upload style
    }
}
