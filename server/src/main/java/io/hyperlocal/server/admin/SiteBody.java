package io.hyperlocal.server.admin;

import io.hyperlocal.core.Countries;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import io.hyperlocal.routing.ResidencyRule;
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
                if (engine.models() != null && engine.models().stream().anyMatch(String::isBlank)) {
                    throw invalid("engines[].models", "engine " + engine.id() + " lists a blank model id");
                }
            }
        }
        // What the records let through but nothing could use: a blank name or tag, or a country code that
        // names no country (XX); a blank model is refused with the engines above. A tag or model no request
        // can match fails closed, but the operator meant something else, and hears so here rather than
        // from an empty route later.
        notBlank("name", name);
        notBlank("city", city);
        if (country != null && country.matches("[A-Z]{2}") && !Countries.exists(country)) {
            throw invalid("country", "'" + country + "' is not the ISO 3166-1 alpha-2 code of a country"
                    + " (the United Kingdom is GB)");
        }
        if (jurisdictionTags != null) {
            for (String tag : jurisdictionTags) {
                if (tag != null && !ResidencyRule.TAG.matcher(tag).matches()) {
                    throw invalid("jurisdictionTags", "jurisdiction tag '" + tag + "' must be 1 to 63 of A-Z a-z 0-9"
                            + " . _ -, starting with a letter or digit, as residency rules name them");
                }
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

    private static void notBlank(String field, String value) {
        if (value != null && value.isBlank()) {
            throw invalid(field, "'" + field + "' is blank");
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
