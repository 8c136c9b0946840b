package io.hyperlocal.sim.scenario;

import io.hyperlocal.engines.simulated.model.KvCache;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One simulated federation and its traffic, validated as a whole: buildable in Java or read from YAML
 * ({@link ScenarioFile}). Errors name the field path ({@code sites[2].engines: must be > 0}), so a
 * message points at the line to fix.
 *
 * @param name short name, used for the report directory: letters, digits, '.', '_' and '-'
 * @param seed fixes every random draw of a run: one seed, one trace
 * @param duration simulated time; arrivals stop then, and requests still in flight are cut off
 * @param sites the federation's sites and their engines, at least one
 * @param populations who sends requests, from where, and how many, at least one
 * @param residency which sites may serve which requester country
 * @param rttMillis measured round-trip times, region to site id, in milliseconds; pairs absent are
 *     estimated from great-circle distance ({@link #estimatedRttMillis})
 * @param workload request shapes: lengths, shared prefixes, sessions
 * @param slo the latency objectives a request must meet to count as good
 * @param failures site crashes and slow-downs
 * @param routing how fresh the load figures the policies see are
 */
public record Scenario(
        String name,
        long seed,
        Duration duration,
        List<SiteSpec> sites,
        List<Population> populations,
        ResidencySpec residency,
        Map<String, Map<String, Double>> rttMillis,
        Workload workload,
        Slo slo,
        List<Failure> failures,
        RoutingSpec routing) {

    /**
     * The longest run: a leap year, the bound of the CLI's {@code --hours} too. A simulated day takes
     * minutes, so a year is already more than a day of wall time; beyond it is a typo ({@code 1000h}
     * for {@code 100h}), not a plan.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    public Scenario {
        Check.notBlank("name", name);
        // The default report directory is sim-report-<name>: a slash or '..' would put it elsewhere.
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ScenarioException("name: names the report directory (sim-report-<name>), so letters, digits, '.', '_'"
                    + " and '-' only, starting with a letter or digit: " + name);
        }
        Check.positive("duration", duration);
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw new ScenarioException("duration: must be at most 366 days (8784h): " + Check.text(duration));
        }
        sites = List.copyOf(Objects.requireNonNull(sites, "sites is null"));
        populations = List.copyOf(Objects.requireNonNull(populations, "populations is null"));
        Objects.requireNonNull(residency, "residency is null");
        rttMillis = Map.copyOf(Objects.requireNonNull(rttMillis, "rttMillis is null"));
        Objects.requireNonNull(workload, "workload is null");
        Objects.requireNonNull(slo, "slo is null");
        failures = List.copyOf(Objects.requireNonNull(failures, "failures is null"));
        Objects.requireNonNull(routing, "routing is null");
        if (sites.isEmpty()) {
            throw new ScenarioException("sites: at least one site is needed");
        }
        if (populations.isEmpty()) {
            throw new ScenarioException("populations: at least one population is needed");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sites.size(); i++) {
            if (!ids.add(sites.get(i).id())) {
                throw new ScenarioException("sites[" + i + "].id: duplicate site id " + sites.get(i).id());
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            // The engine refuses a sequence longer than its whole cache: found hours into a run otherwise.
            long cacheTokens = (long) sites.get(i).limits().kvBlocks() * KvCache.BLOCK_SIZE;
            if (cacheTokens < workload.maxContext()) {
                throw new ScenarioException("sites[" + i + "].limits.kvBlocks: " + sites.get(i).limits().kvBlocks()
                        + " blocks of " + KvCache.BLOCK_SIZE + " tokens hold " + cacheTokens
                        + " tokens, less than one conversation of workload.maxContext (" + workload.maxContext()
                        + "): raise kvBlocks or lower maxContext");
            }
        }
        for (int i = 0; i < failures.size(); i++) {
            Failure failure = failures.get(i);
            if (!ids.contains(failure.site())) {
                throw new ScenarioException("failures[" + i + "].site: no site with id " + failure.site() + " (sites: " + ids + ")");
            }
            // A site is down or slowed, not down twice: the end of an inner window would end the outer one.
            for (int j = 0; j < i; j++) {
                Failure earlier = failures.get(j);
                if (earlier.site().equals(failure.site()) && earlier.getClass() == failure.getClass()
                        && failure.start().compareTo(earlier.end()) < 0 && earlier.start().compareTo(failure.end()) < 0) {
                    throw new ScenarioException("failures[" + i + "]: overlaps failures[" + j + "] at site " + failure.site()
                            + " (" + Check.text(failure.start()) + " to " + Check.text(failure.end()) + " against "
                            + Check.text(earlier.start()) + " to " + Check.text(earlier.end()) + "): merge them into one");
                }
            }
        }
        Set<String> regions = new TreeSet<>();
        populations.forEach(population -> regions.add(population.region()));
        for (var region : rttMillis.entrySet()) {
            if (!regions.contains(region.getKey())) {
                throw new ScenarioException("rttMillis." + region.getKey() + ": no population in region " + region.getKey()
                        + " (regions: " + regions + ")");
            }
            for (var entry : region.getValue().entrySet()) {
                String path = "rttMillis." + region.getKey() + "." + entry.getKey();
                if (!ids.contains(entry.getKey())) {
                    throw new ScenarioException(path + ": no site with id " + entry.getKey());
                }
                if (!(entry.getValue() >= 0) || Double.isInfinite(entry.getValue())) {
                    throw new ScenarioException(path + ": must be finite and >= 0: " + entry.getValue());
                }
            }
        }
        for (int i = 0; i < populations.size(); i++) {
            Population population = populations.get(i);
            if (!residency.ruleFor(population.country()).containsAll(population.narrowedTo())) {
                throw new ScenarioException("populations[" + i + "].narrowedTo: " + population.narrowedTo()
                        + " must be tags the residency rule of " + population.country() + " allows ("
                        + residency.ruleFor(population.country()) + "): a requester may narrow, never widen");
            }
            // Every population must have somewhere to go, or its whole traffic would fail by construction.
            boolean servable = sites.stream().anyMatch(site -> residency.admits(population, site, false));
            if (!servable) {
                throw new ScenarioException("populations[" + i + "]: no site admits requesters of "
                        + population.country() + " under residency rule " + residency.ruleFor(population.country()));
            }
            boolean narrowedServable = population.narrowedShare() == 0
                    || sites.stream().anyMatch(site -> residency.admits(population, site, true));
            if (!narrowedServable) {
                throw new ScenarioException("populations[" + i + "].narrowed: no site carries " + population.narrowedTo()
                        + ", so every request narrowed to it would fail");
            }
        }
    }

    /** Total engines over all sites. */
    public int engineCount() {
        return sites.stream().mapToInt(SiteSpec::engines).sum();
    }

    /** Total GPUs over all sites. */
    public int gpuCount() {
        return sites.stream().mapToInt(site -> site.engines() * site.gpusPerEngine()).sum();
    }

    /**
     * This scenario cut short, or run on, to another duration (the CLI's {@code --hours}). A ramp keeps
     * its slope: the first hour of a ramped scenario is the same traffic whatever the run's length.
     */
    public Scenario withDuration(Duration newDuration) {
        Check.positive("duration", newDuration);
        double fraction = newDuration.toNanos() / (double) duration.toNanos();
        List<Population> cut = populations.stream().map(population -> population.rampCut(fraction)).toList();
        return new Scenario(name, seed, newDuration, sites, cut, residency, rttMillis, workload, slo, failures, routing);
    }

    /** This scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, duration, sites, populations, residency, rttMillis, workload, slo, failures,
                routing);
    }

    /** The measured RTT from a region to a site, else one estimated from distance. */
    public double rttMillis(Population population, SiteSpec site) {
        Map<String, Double> measured = rttMillis.get(population.region());
        if (measured != null && measured.containsKey(site.id())) {
            return measured.get(site.id());
        }
        return estimatedRttMillis(population.location().distanceKm(site.location()));
    }

    /**
     * Light in fibre covers ~200 km per ms one way; real paths are ~1.5× the great circle, so a round trip
     * costs ~1.5 ms per 100 km, plus ~1 ms of access and switching.
     */
    public static double estimatedRttMillis(double distanceKm) {
        return 1 + distanceKm * 0.015;
    }
}
