package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import io.hyperlocal.server.federation.EngineSpec;
import io.hyperlocal.server.federation.SiteRecord;
import io.hyperlocal.server.federation.SiteState;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON of a site in the admin API, as sent: fields may be missing, and {@link #toRecord} turns it
 * into a validated {@link SiteRecord} or a 400 that names the field.
 */
public record SiteBody(
        String id, String name, String country, String city, Double latitude, Double longitude,
        Set<String> jurisdictionTags, String state, List<EngineBody> engines) {

    public record EngineBody(String id, String kind, List<String> models, Integer maxConcurrency, String baseUrl) {}

    static SiteBody of(SiteRecord record) {
        Site site = record.site();
        return new SiteBody(site.id(), site.name(), site.country(), site.city(), site.latitude(), site.longitude(),
                site.jurisdictionTags(), record.state().label(), record.engines().stream()
                        .map(e -> new EngineBody(e.id(), e.kind(), e.models(), e.maxConcurrency(), e.baseUrl()))
                        .toList());
    }

    public SiteRecord toRecord(String pathId) {
        if (id != null && !id.equals(pathId)) {
            throw invalid("id", "the body's id '" + id + "' differs from the URL's '" + pathId + "'");
        }
        // A JSON null inside a list reached the records' copies (Set.copyOf, List.copyOf) or the engine
        // mapping as a NullPointerException: a 500 that named nothing.
        noNullIn("jurisdictionTags", jurisdictionTags, "a tag such as \"EU\"");
        noNullIn("engines", engines, "an engine such as {\"id\": \"sim\", \"kind\": \"simulated\", \"models\": [\"m\"]}");
        if (engines != null) {
            for (EngineBody engine : engines) {
                noNullIn("engines[].models", engine.models(), "a model id");
            }
        }
        try {
            Site site = new Site(pathId, required("name", name), required("country", country), required("city", city),
                    required("latitude", latitude), required("longitude", longitude),
                    jurisdictionTags == null ? Set.of() : jurisdictionTags);
            SiteState siteState = state == null ? SiteState.ACTIVE : SiteState.parse(state);
            List<EngineSpec> specs = engines == null ? List.of() : engines.stream()
                    .map(e -> new EngineSpec(required("engines[].id", e.id()), required("engines[].kind", e.kind()),
                            e.models() == null ? List.of() : e.models(),
                            e.maxConcurrency() == null ? 8 : e.maxConcurrency(),
                            e.baseUrl() == null ? "" : e.baseUrl()))
                    .toList();
            if (specs.stream().map(EngineSpec::id).distinct().count() != specs.size()) {
                throw invalid("engines", "engine ids must be unique within a site");
            }
            return new SiteRecord(site, siteState, specs);
        } catch (IllegalArgumentException e) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid site '" + pathId + "': " + e.getMessage());
        }
    }

    private static void noNullIn(String field, Collection<?> values, String entry) {
        if (values != null && values.stream().anyMatch(Objects::isNull)) {
            throw invalid(field, "'" + field + "' holds a null; each entry must be " + entry + ": leave the null out");
        }
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field, "'" + field + "' is required");
        }
        return value;
    }

    private static HyperlocalException invalid(String field, String message) {
        return new HyperlocalException(ErrorCode.INVALID_VALUE, message, field);
    }
}
