package io.hyperlocal.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.federation.SiteRecord;
import io.hyperlocal.server.federation.SiteState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitesFileTest {
    @TempDir
    Path dir;

    @Test
    void readsSitesWithTheirEnginesAndStates() throws Exception {
        Path file = write("""
                sites:
                  - id: fr-par
                    name: Paris
                    country: FR
                    city: Paris
                    latitude: 48.8566
                    longitude: 2.3522
                    jurisdictionTags: [FR, EU, SecNumCloud]
                  - id: de-fra
                    name: Frankfurt
                    country: DE
                    city: Frankfurt am Main
                    latitude: 50.1109
                    longitude: 8.6821
                    jurisdictionTags: [DE, EU]
                    state: draining
                    engines:
                      - id: vllm
                        kind: openai-compatible
                        baseUrl: http://10.1.2.3:8000/v1
                        models: [meta-llama/Llama-3.1-8B-Instruct]
                        maxConcurrency: 256
                """);

        List<SiteRecord> sites = SitesFile.load(file);

        assertThat(sites).extracting(record -> record.site().id()).containsExactly("fr-par", "de-fra");
        assertThat(sites.get(0).site().jurisdictionTags()).containsExactlyInAnyOrder("FR", "EU", "SecNumCloud");
        assertThat(sites.get(0).state()).isEqualTo(SiteState.ACTIVE);
        assertThat(sites.get(1).state()).isEqualTo(SiteState.DRAINING);
        assertThat(sites.get(1).engines().get(0).baseUrl()).isEqualTo("http://10.1.2.3:8000/v1");
    }

    @Test
    void mistakesNameTheFileTheSiteAndTheField() throws Exception {
        assertThatThrownBy(() -> SitesFile.load(write("sites:\n  - name: Paris\n")))
                .hasMessageContaining("sites[0] has no id");
        assertThatThrownBy(() -> SitesFile.load(write("""
                sites:
                  - {id: fr-par, name: Paris, country: France, city: Paris, latitude: 1, longitude: 2}
                """))).hasMessageContaining("sites[0]").hasMessageContaining("country");
        assertThatThrownBy(() -> SitesFile.load(write("""
                sites:
                  - {id: fr-par, name: Paris, country: FR, city: Paris, latitude: 1, longitude: 2}
                  - {id: fr-par, name: Paris, country: FR, city: Paris, latitude: 1, longitude: 2}
                """))).hasMessageContaining("twice");
        assertThatThrownBy(() -> SitesFile.load(write("sites: []\n"))).hasMessageContaining("lists no site");
        assertThatThrownBy(() -> SitesFile.load(write("sites:\n  - {id: x, colour: red}\n")))
                .hasMessageContaining("colour");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "sites", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
