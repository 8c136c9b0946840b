package io.hyperlocal.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a scenario from YAML (see {@code sim/scenarios/*.yaml} for commented examples). Every error is
 * a {@link ScenarioException} whose message starts with the field path, and unknown fields are
 * refused.
 */
public final class ScenarioFile {
    // Strict duplicates: a key given twice is a mistake to name, not a value to pick silently.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ScenarioFile() {}

    /** A duration as a scenario file writes it ({@code 20h45m}, {@code 90s}, {@code 250ms}), for reports. */
    public static String durationText(Duration duration) {
        return Check.text(duration);
    }

    public static Scenario load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static Scenario parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException malformed) {
            throw new ScenarioException("(document): not valid YAML: " + malformed.getOriginalMessage()
                    + (malformed.getLocation() == null ? "" : " at line " + malformed.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("(document): must be a mapping with name, seed, sites, populations, ...");
        }
        YamlNode doc = new YamlNode(root, "");
        String name = doc.text("name");
        long seed = doc.wholeNumber("seed");
        Duration duration = doc.duration("duration", Duration.ofDays(1));
        List<SiteSpec> sites = new ArrayList<>();
        for (YamlNode site : doc.list("sites")) {
            sites.add(build(site, () -> site(site)));
        }
        List<Population> populations = new ArrayList<>();
        for (YamlNode population : doc.list("populations")) {
            populations.add(build(population, () -> population(population)));
        }
        ResidencySpec residency = doc.optionalChild("residency").map(node -> build(node, () -> residency(node)))
                .orElse(ResidencySpec.EU_ONLY);
        Map<String, Map<String, Double>> rtt = new HashMap<>();
        doc.entries("rttMillis").forEach((region, sitesNode) -> {
            Map<String, Double> row = new HashMap<>();
            sitesNode.asEntries().forEach((siteId, value) -> row.put(siteId, value.asNumber()));
            rtt.put(region, row);
        });
        YamlNode workloadNode = doc.child("workload");
        Workload workload = build(workloadNode, () -> workload(workloadNode));
        Slo slo = doc.optionalChild("slo").map(node -> build(node, () -> {
            Slo read = new Slo(node.duration("ttft"), node.duration("itl"));
            node.finish();
            return read;
        })).orElse(Slo.CHAT);
        RoutingSpec routing = doc.optionalChild("routing").map(node -> build(node, () -> {
            RoutingSpec read = new RoutingSpec(node.duration("loadReportInterval", RoutingSpec.DEFAULTS.loadReportInterval()),
                    node.bool("retryOnCrash", RoutingSpec.DEFAULTS.retryOnCrash()));
            node.finish();
            return read;
        })).orElse(RoutingSpec.DEFAULTS);
        List<Failure> failures = new ArrayList<>();
        for (YamlNode failure : doc.list("failures")) {
            failures.add(build(failure, () -> failure(failure)));
        }
        doc.finish();
        return new Scenario(name, seed, duration, sites, populations, residency, rtt, workload, slo, failures, routing);
    }

    /** Builds a record from a node, putting the node's path in front of a nested record's message. */
    private static <T> T build(YamlNode node, Supplier<T> builder) {
        try {
            return builder.get();
        } catch (ScenarioException invalid) {
            String message = invalid.getMessage();
            // Messages from YamlNode already carry the full path; those from record constructors carry the field only.
            return message.startsWith(node.path()) ? rethrow(invalid) : rethrow(invalid.within(node.path()));
        } catch (IllegalArgumentException invalid) {
            throw node.error(invalid.getMessage());
        }
    }

    private static <T> T rethrow(ScenarioException exception) {
        throw exception;
    }

    private static SiteSpec site(YamlNode node) {
        SchedulerLimits limits = SiteSpec.H100_8B_LIMITS;
        if (node.has("limits")) {
            YamlNode limitsNode = node.child("limits");
            limits = build(limitsNode, () -> {
                SchedulerLimits read = new SchedulerLimits(limitsNode.integer("maxRunning", SiteSpec.H100_8B_LIMITS.maxRunning()),
                        limitsNode.integer("maxWaiting", SiteSpec.H100_8B_LIMITS.maxWaiting()),
                        limitsNode.integer("tokenBudget", SiteSpec.H100_8B_LIMITS.tokenBudget()),
                        limitsNode.integer("kvBlocks", SiteSpec.H100_8B_LIMITS.kvBlocks()),
                        limitsNode.number("watermark", SiteSpec.H100_8B_LIMITS.watermark()));
                limitsNode.finish();
                return read;
            });
        }
        SiteSpec site = new SiteSpec(node.text("id"), node.text("country"), node.text("city", node.text("id")),
                node.number("latitude"), node.number("longitude"), node.textSet("tags"), node.integer("engines"),
                node.text("model", "llama-3.1-8b-h100"), node.integer("gpusPerEngine", 1), limits);
        node.finish();
        return site;
    }

    private static Population population(YamlNode node) {
        double[] profile = node.has("ramp") ? flat() : Population.EVENING_PEAK;
        if (node.has("profile")) {
            YamlNode profileNode = node.child("profile");
            if (profileNode.isText()) {
                profile = switch (profileNode.asText()) {
                    case "evening-peak" -> Population.EVENING_PEAK;
                    case "flat" -> flat();
                    default -> throw profileNode.error("must be evening-peak, flat or a list of 24 hourly factors: "
                            + profileNode.asText());
                };
            } else {
                profile = node.numbers("profile");
            }
        }
        List<BurstSpec> bursts = new ArrayList<>();
        for (YamlNode burst : node.list("bursts")) {
            bursts.add(build(burst, () -> {
                BurstSpec read = new BurstSpec(burst.duration("start"), burst.duration("length"), burst.number("multiplier"));
                burst.finish();
                return read;
            }));
        }
        double narrowedShare = 0;
        Set<String> narrowedTo = Set.of();
        if (node.has("narrowed")) {
            YamlNode narrowed = node.child("narrowed");
            narrowedShare = narrowed.number("share");
            narrowedTo = narrowed.textSet("to");
            narrowed.finish();
        }
        double rampFrom = 0;
        double rampTo = 0;
        if (node.has("ramp")) {
            YamlNode ramp = node.child("ramp");
            rampFrom = ramp.number("fromPerSecond");
            rampTo = ramp.number("toPerSecond");
            ramp.finish();
        }
        Population population = new Population(node.text("name"), node.text("country"), node.text("region", node.text("name")),
                node.number("latitude"), node.number("longitude"), node.wholeNumber("subscribers", 0),
                node.number("adoption", 0), node.number("dailyActive", 0), node.number("requestsPerActivePerDay", 0),
                profile, bursts, rampFrom, rampTo, narrowedShare, narrowedTo);
        node.finish();
        return population;
    }

    private static double[] flat() {
        double[] ones = new double[24];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    private static ResidencySpec residency(YamlNode node) {
        Map<String, Set<String>> allowed = new HashMap<>();
        node.entries("allowedTags").forEach((country, tags) -> allowed.put(country, tags.asTextSet()));
        ResidencySpec spec = new ResidencySpec(allowed, node.has("defaultTags") ? node.textSet("defaultTags") : Set.of("EU"));
        node.finish();
        return spec;
    }

    private static Workload workload(YamlNode node) {
        Workload workload = new Workload(node.integer("promptMedian"), node.integer("promptP90"),
                node.integer("outputMedian"), node.integer("outputP90"), node.integer("maxContext", 32_768),
                node.integer("prefixGroups", 0), node.integer("prefixTokens", 0), node.number("prefixShare", 0),
                node.number("turnsMean", 1), node.number("thinkSeconds", 0));
        node.finish();
        return workload;
    }

    private static Failure failure(YamlNode node) {
        String type = node.text("type");
        Failure failure = switch (type) {
            case "crash" -> new Failure.Crash(node.text("site"), node.duration("at"), node.duration("recoverAt"));
            case "slowdown" -> new Failure.Slowdown(node.text("site"), node.duration("from"), node.duration("to"),
                    node.number("factor"));
            default -> throw node.child("type").error("must be crash or slowdown: " + type);
        };
        node.finish();
        return failure;
    }
}
