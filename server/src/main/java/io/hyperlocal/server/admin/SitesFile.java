package io.hyperlocal.server.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.federation.SiteRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sites of a configuration file ({@code hyperlocal.federation.sites-file}), the declarative way
 * to describe a federation: a YAML (or JSON) document {@code sites: [...]} whose entries have the
 * shape of {@code PUT /admin/sites/{id}} plus their {@code id}.
 */
public final class SitesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SitesFile() {}

    private record Document(List<SiteBody> sites) {}

    /** The file's sites, validated; a mistake names the file, the site and the field. */
    public static List<SiteRecord> load(Path file) {
        Document document;
        try {
            document = YAML.readValue(Files.readString(file), Document.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read the sites file " + file + ": " + e.getMessage(), e);
        }
        if (document == null || document.sites() == null || document.sites().isEmpty()) {
            throw new IllegalArgumentException("The sites file " + file + " lists no site (expected 'sites: [...]')");
        }
        List<SiteRecord> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < document.sites().size(); i++) {
            SiteBody body = document.sites().get(i);
            if (body == null || body.id() == null) {
                throw new IllegalArgumentException("The sites file " + file + ": sites[" + i + "] has no id");
            }
            if (!ids.add(body.id())) {
                throw new IllegalArgumentException("The sites file " + file + " lists site " + body.id() + " twice");
            }
            try {
                records.add(body.toRecord(body.id()));
            } catch (HyperlocalException e) {
                throw new IllegalArgumentException("The sites file " + file + ", sites[" + i + "]: " + e.getMessage(), e);
            }
        }
        return records;
    }
}
