package io.hyperlocal.sim.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a plan file (YAML; the fields are described in sim/README.md and in sim/plans/france.yaml).
 * Every problem is a {@link PlanInputException} naming the field's path; nothing is clamped.
 */
public final class PlanLoader {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Above any real site; keeps GPU counts and their sums far from int overflow. */
    static final long MAX_GPUS_PER_SITE = 1_000_000;

    private PlanLoader() {}

    public static PlanInput load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlanInputException("", "no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(text);
    }

    public static PlanInput parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new PlanInputException("", "not valid YAML" + at + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) throw new PlanInputException("", "the file is empty");
        YamlFields top = YamlFields.of(root, "");
        top.allowOnly(List.of("currency", "apiPricePerMillionTokens", "slo", "check", "gpus", "models", "sites", "countries"));

        String currency = top.text("currency");
        double apiPrice = top.nonNegative("apiPricePerMillionTokens");
        Slo slo = slo(top.mapping("slo"));
        CheckSettings check = top.has("check") ? check(top.mapping("check")) : CheckSettings.DEFAULTS;

        Map<String, GpuHardware> gpus = new LinkedHashMap<>();
        top.entries("gpus").forEach((name, node) -> gpus.put(name, gpu(name, YamlFields.of(node, top.at("gpus") + "." + name))));
        List<ModelSpec> models = new ArrayList<>();
        top.entries("models").forEach((name, node) -> models.add(model(name, YamlFields.of(node, "models." + name), gpus)));
        double mix = models.stream().mapToDouble(ModelSpec::share).sum();
        if (Math.abs(mix - 1) > CountrySpec.SHARE_SUM_TOLERANCE) {
            throw new PlanInputException("models", "shares must sum to 1, sum to " + mix);
        }

        Map<String, JsonNode> countryNodes = top.entries("countries");
        List<SiteSpec> sites = new ArrayList<>();
        top.entries("sites").forEach((name, node) -> sites.add(site(name, YamlFields.of(node, "sites." + name), countryNodes.keySet())));
        Set<String> siteNames = sites.stream().map(SiteSpec::name).collect(Collectors.toSet());
        List<CountrySpec> countries = new ArrayList<>();
        countryNodes.forEach((code, node) -> countries.add(country(code, YamlFields.of(node, "countries." + code), siteNames)));
        for (SiteSpec site : sites) {
            boolean served = countries.stream().anyMatch(c -> c.siteShares().containsKey(site.name()));
            if (!served) throw new PlanInputException("sites." + site.name(), "no country lists this site, so it serves nothing");
        }
        checkWindowJudgesRequests(slo, check, countries);
        return new PlanInput(currency, apiPrice, slo, check, gpus, models, sites, countries);
    }

    private static Slo slo(YamlFields f) {
        f.allowOnly(List.of("ttftMs", "interTokenMs", "attainment"));
        Duration ttft = millis(f.positive("ttftMs"));
        Duration interToken = millis(f.positive("interTokenMs"));
        double attainment = f.number("attainment", 0.95);
        if (!(attainment > 0 && attainment <= 1)) {
            throw new PlanInputException(f.at("attainment"), "must be in (0, 1], was " + YamlFields.format(attainment));
        }
        return new Slo(ttft, interToken, attainment);
    }

    private static CheckSettings check(YamlFields f) {
        f.allowOnly(List.of("minutes", "warmupSeconds", "drainSeconds", "seed", "lengthCv", "maxExtraReplicas", "simulator"));
        CheckSettings d = CheckSettings.DEFAULTS;
        double minutes = f.number("minutes", d.window().toSeconds() / 60.0);
        if (!(minutes > 0 && minutes <= 24 * 60)) throw new PlanInputException(f.at("minutes"), "must be in (0, 1440], was " + YamlFields.format(minutes));
        double warmup = f.number("warmupSeconds", d.warmup().toSeconds());
        if (!(warmup >= 0 && warmup <= 3600)) throw new PlanInputException(f.at("warmupSeconds"), "must be in [0, 3600], was " + YamlFields.format(warmup));
        double drain = f.number("drainSeconds", d.drain().toSeconds());
        if (!(drain >= 0 && drain <= 3600)) throw new PlanInputException(f.at("drainSeconds"), "must be in [0, 3600], was " + YamlFields.format(drain));
        long seed = f.wholeNumber("seed", Long.MIN_VALUE, d.seed());
        double cv = f.number("lengthCv", d.lengthCv());
        if (!(cv >= 0 && cv <= 3)) throw new PlanInputException(f.at("lengthCv"), "must be in [0, 3], was " + YamlFields.format(cv));
        int extra = (int) f.wholeNumber("maxExtraReplicas", 0, d.maxExtraReplicas());
        if (extra > 1000) throw new PlanInputException(f.at("maxExtraReplicas"), "must be <= 1000, was " + extra);
        String simulatorText = f.text("simulator", d.simulator().label());
        CheckSimulator simulator = CheckSimulator.parse(simulatorText).orElseThrow(() ->
                new PlanInputException(f.at("simulator"), "must be federation or scheduler, was " + simulatorText));
        return new CheckSettings(Duration.ofMillis(Math.round(minutes * 60_000)), Duration.ofMillis(Math.round(warmup * 1000)),
                Duration.ofMillis(Math.round(drain * 1000)), seed, cv, extra, simulator);
    }

    /**
     * The federation check cuts off requests in flight at the end of its window and excuses as many as
     * are in flight when the SLO holds, λ × (TTFT + completion × inter-token gap) (Little's law). A
     * window shorter than that one request's time at the SLO excuses every request that did not finish,
     * so a pool could pass on no evidence at all (0 requests judged, attainment 100 %).
     */
    private static void checkWindowJudgesRequests(Slo slo, CheckSettings check, List<CountrySpec> countries) {
        if (check.simulator() != CheckSimulator.FEDERATION) return; // the scheduler loop drains its measured requests
        CountrySpec longest = null;
        for (CountrySpec c : countries) {
            if (longest == null || c.demand().completionTokensPerRequest() > longest.demand().completionTokensPerRequest()) longest = c;
        }
        if (longest == null) return;
        double completion = longest.demand().completionTokensPerRequest();
        double requestMillis = slo.ttft().toNanos() / 1e6 + completion * slo.interToken().toNanos() / 1e6;
        double windowMillis = check.window().toNanos() / 1e6;
        if (windowMillis < requestMillis) {
            throw new PlanInputException("check.minutes", String.format(Locale.ROOT,
                    "a window of %s s is shorter than one request at the SLO (TTFT %s ms + %s completion tokens of %s"
                            + " × %s ms = %s s), so no request could be judged: give at least %s minutes",
                    YamlFields.format(windowMillis / 1000), YamlFields.format(slo.ttft().toNanos() / 1e6),
                    YamlFields.format(completion), longest.demand().country(), YamlFields.format(slo.interToken().toNanos() / 1e6),
                    YamlFields.format(requestMillis / 1000), YamlFields.format(Math.ceil(requestMillis / 600.0) / 100)));
        }
    }

    private static GpuHardware gpu(String name, YamlFields f) {
        f.allowOnly(List.of("memoryGb", "powerWatts", "price", "amortisationYears"));
        return new GpuHardware(name, f.positive("memoryGb"), f.positive("powerWatts"), f.nonNegative("price"),
                f.positive("amortisationYears"));
    }

    private static final Pattern PRESET = Pattern.compile("-(\\d+(?:\\.\\d+)?)b-([a-z]\\d+)(?:-tp(\\d+))?$");

    /**
     * A GPU preset's speed was measured for one model size, on one GPU type, at one tensor-parallel
     * degree ({@code llama-3.3-70b-h100-tp4}): used for anything else it would price one machine at
     * another's speed. An explicit {@code stepTimeFactor} says the scaling is meant.
     */
    private static void presetMatches(YamlFields f, StepTimeModel preset, String gpu, int perReplica, double parameters) {
        Matcher m = PRESET.matcher(preset.name());
        if (!m.find()) {
            return; // instant, CPU: no GPU measurement to contradict
        }
        String hint = " (to scale a preset to other hardware on purpose, give stepTimeFactor)";
        String family = m.group(2);
        if (!gpu.toLowerCase(Locale.ROOT).contains(family)) {
            throw new PlanInputException(f.at("gpu"), "the preset " + preset.name() + " was measured on "
                    + family.toUpperCase(Locale.ROOT) + " GPUs, not " + gpu + hint);
        }
        int tp = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        if (perReplica != tp) {
            throw new PlanInputException(f.at("gpusPerReplica"), "the preset " + preset.name() + " was measured on " + tp
                    + " GPU" + (tp == 1 ? "" : "s") + " per replica, was " + perReplica + hint);
        }
        double size = Double.parseDouble(m.group(1));
        if (parameters < size / 1.25 || parameters > size * 1.25) {
            throw new PlanInputException(f.at("parametersBillions"), "the preset " + preset.name() + " was measured for "
                    + YamlFields.format(size) + " billion parameters, was " + YamlFields.format(parameters) + hint);
        }
    }

    private static ModelSpec model(String name, YamlFields f, Map<String, GpuHardware> gpus) {
        f.allowOnly(List.of("parametersBillions", "quantisation", "share", "gpu", "preset", "gpusPerReplica",
                "kvBytesPerToken", "stepTimeFactor"));
        double parameters = f.positive("parametersBillions");
        String quantText = f.text("quantisation");
        Quantisation quantisation = Quantisation.parse(quantText).orElseThrow(() ->
                new PlanInputException(f.at("quantisation"), "must be one of bf16, fp8, int4, was " + quantText));
        double share = f.share("share");
        String gpu = f.text("gpu");
        if (!gpus.containsKey(gpu)) {
            throw new PlanInputException(f.at("gpu"), "no GPU type " + gpu + " (gpus: " + String.join(", ", gpus.keySet()) + ")");
        }
        String presetName = f.text("preset");
        StepTimeModel preset = StepTimeModel.preset(presetName).orElseThrow(() -> new PlanInputException(f.at("preset"),
                "no step-time preset " + presetName + " (presets: "
                        + StepTimeModel.PRESETS.stream().map(StepTimeModel::name).collect(Collectors.joining(", ")) + ")"));
        int perReplica = (int) f.wholeNumber("gpusPerReplica", 1, 1);
        if (perReplica > 64) throw new PlanInputException(f.at("gpusPerReplica"), "must be <= 64, was " + perReplica);
        long kvBytes = f.wholeNumber("kvBytesPerToken", 1);
        double factor = f.has("stepTimeFactor") ? f.positive("stepTimeFactor") : quantisation.stepTimeFactor();
        if (factor > 10) throw new PlanInputException(f.at("stepTimeFactor"), "must be <= 10, was " + YamlFields.format(factor));
        ModelSpec model = new ModelSpec(name, parameters, quantisation, share, gpu, preset, perReplica, kvBytes, factor);
        GpuHardware hardware = gpus.get(gpu);
        double usable = hardware.memoryGb() * 1e9 * perReplica * ReplicaThroughput.MEMORY_UTILISATION;
        if (model.weightBytes() >= usable) {
            throw new PlanInputException(f.path(), String.format(java.util.Locale.ROOT,
                    "weights of %.1f GB (%s) do not fit in %d × %s (%.1f GB usable at %.0f %%)",
                    model.weightBytes() / 1e9, quantisation.label(), perReplica, gpu, usable / 1e9,
                    ReplicaThroughput.MEMORY_UTILISATION * 100));
        }
        if (!f.has("stepTimeFactor")) {
            presetMatches(f, preset, gpu, perReplica, parameters);
        }
        return model;
    }

    private static SiteSpec site(String name, YamlFields f, Set<String> countries) {
        f.allowOnly(List.of("country", "pue", "networkCostPerYear", "targetUtilisation", "minimumGpus"));
        String country = f.text("country");
        if (!countries.contains(country)) {
            throw new PlanInputException(f.at("country"), "no country " + country + " in countries (" + String.join(", ", countries) + ")");
        }
        double pue = f.atLeast("pue", 1);
        double network = f.nonNegative("networkCostPerYear");
        double target = f.number("targetUtilisation");
        if (!(target > 0 && target <= 1)) {
            throw new PlanInputException(f.at("targetUtilisation"), "must be in (0, 1], was " + YamlFields.format(target));
        }
        long minimum = f.wholeNumber("minimumGpus", 1, 1);
        if (minimum > MAX_GPUS_PER_SITE) {
            throw new PlanInputException(f.at("minimumGpus"), "must be at most " + MAX_GPUS_PER_SITE + ", was " + minimum);
        }
        return new SiteSpec(name, country, pue, network, target, (int) minimum);
    }

    private static CountrySpec country(String code, YamlFields f, Set<String> siteNames) {
        f.allowOnly(List.of("subscribers", "adoption", "dailyActive", "requestsPerActiveUserPerDay", "promptTokens",
                "completionTokens", "peakToMean", "energyPricePerKwh", "sites"));
        long subscribers = f.wholeNumber("subscribers", 0);
        double adoption = f.share("adoption");
        double dailyActive = f.share("dailyActive");
        double requests = f.nonNegative("requestsPerActiveUserPerDay");
        double prompt = f.nonNegative("promptTokens");
        double completion = f.atLeast("completionTokens", 1);
        double peakToMean = f.atLeast("peakToMean", 1);
        if (peakToMean > 24) {
            // The busiest hour over the day's mean: all of a day's requests in one hour is 24.
            throw new PlanInputException(f.at("peakToMean"), "must be at most 24 (the busiest hour's rate over the day's mean), was "
                    + YamlFields.format(peakToMean));
        }
        double energy = f.nonNegative("energyPricePerKwh");
        Demand demand = new Demand(code, subscribers, adoption, dailyActive, requests, prompt, completion, peakToMean);
        return new CountrySpec(demand, energy, siteShares(f, siteNames));
    }

    /** A list of sites splits the country evenly; a mapping gives each site its share. */
    private static Map<String, Double> siteShares(YamlFields f, Set<String> siteNames) {
        String path = f.at("sites");
        JsonNode node = f.raw("sites");
        if (node == null || node.isNull()) throw new PlanInputException(path, "is missing");
        Map<String, Double> shares = new LinkedHashMap<>();
        if (node.isArray()) {
            if (node.isEmpty()) throw new PlanInputException(path, "must name at least one site");
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isTextual()) throw new PlanInputException(path + "[" + i + "]", "must be a site name");
                String site = item.asText();
                checkSite(path + "[" + i + "]", site, siteNames);
                if (shares.put(site, 1.0 / node.size()) != null) throw new PlanInputException(path + "[" + i + "]", "lists " + site + " twice");
            }
            return shares;
        }
        if (!node.isObject()) {
            // A single name (sites: frankfurt) is the likely slip: say both accepted forms, not "a mapping".
            throw new PlanInputException(path, "must be a list of sites ([" + node.asText() + "]) or a mapping of site to share"
                    + " ({site: 0.5, ...}), was " + node);
        }
        YamlFields mapping = f.mapping("sites");
        f.entries("sites").forEach((site, value) -> {
            checkSite(mapping.at(site), site, siteNames);
            if (!value.isNumber()) throw new PlanInputException(mapping.at(site), "must be a share between 0 and 1, was " + value);
            shares.put(site, mapping.share(site, value.asDouble()));
        });
        double sum = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > CountrySpec.SHARE_SUM_TOLERANCE) {
            throw new PlanInputException(path, "shares must sum to 1, sum to " + sum);
        }
        return shares;
    }

    private static void checkSite(String path, String site, Set<String> siteNames) {
        if (!siteNames.contains(site)) {
            throw new PlanInputException(path, "no site " + site + " in sites (" + String.join(", ", siteNames) + ")");
        }
    }

    private static Duration millis(double ms) {
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
