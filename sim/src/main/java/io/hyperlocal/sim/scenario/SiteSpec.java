package io.hyperlocal.sim.scenario;

import io.hyperlocal.core.GeoPoint;
import io.hyperlocal.core.Site;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One site and its identical engines.
 *
 * @param id lower-case id, for example {@code fr-par1}
 * @param country ISO 3166-1 alpha-2 code
 * @param city city name, for the report
 * @param latitude degrees
 * @param longitude degrees
 * @param tags jurisdiction tags, for example {@code [EU, FR]}
 * @param engines engines at the site, at least 1
 * @param model a {@link StepTimeModel} preset name, for example {@code llama-3.1-8b-h100}
 * @param gpusPerEngine GPUs one engine occupies (4 for a TP4 model), for GPU-hours
 * @param limits the engines' scheduler limits and KV blocks
 */
public record SiteSpec(
        String id, String country, String city, double latitude, double longitude, Set<String> tags, int engines,
        String model, int gpusPerEngine, SchedulerLimits limits) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** vLLM-like limits for an 8B model on one H100: 256 sequences, 8k tokens a step, ~450k tokens of KV. */
    public static final SchedulerLimits H100_8B_LIMITS = new SchedulerLimits(256, 1024, 8192, 28_000, 0.01);

    public SiteSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ScenarioException("id: must be lower-case letters, digits and dashes: " + id);
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new ScenarioException("country: must be an ISO 3166-1 alpha-2 code: " + country);
        }
        Objects.requireNonNull(city, "city is null");
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new ScenarioException("latitude: must be in [-90, 90]: " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new ScenarioException("longitude: must be in [-180, 180]: " + longitude);
        }
        tags = Set.copyOf(Objects.requireNonNull(tags, "tags is null"));
        if (tags.isEmpty()) {
            throw new ScenarioException("tags: at least one jurisdiction tag is needed, for example [EU, " + country + "]");
        }
        Check.positive("engines", engines);
        if (model == null || StepTimeModel.preset(model).isEmpty()) {
            throw new ScenarioException("model: unknown step-time preset " + model + "; one of "
                    + StepTimeModel.PRESETS.stream().map(StepTimeModel::name).toList());
        }
        Check.positive("gpusPerEngine", gpusPerEngine);
        Objects.requireNonNull(limits, "limits is null");
    }

    public StepTimeModel stepTime() {
        return StepTimeModel.preset(model).orElseThrow();
    }

    public GeoPoint location() {
        return new GeoPoint(latitude, longitude);
    }

    /** The routing module's view of the site. */
    public Site toSite() {
        return new Site(id, city, country, city, latitude, longitude, tags);
    }
}
