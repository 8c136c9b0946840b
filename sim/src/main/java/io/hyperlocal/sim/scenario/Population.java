package io.hyperlocal.sim.scenario;

import io.hyperlocal.core.GeoPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Subscribers of one country in one region, and the requests they send. The mean rate is
 * {@code subscribers × adoption × dailyActive × requestsPerActivePerDay / 86400} requests per second,
 * shaped by the hourly {@code profile} (normalised to a mean of 1) and multiplied inside bursts; or,
 * for a bench-style scenario, a ramp from {@code rampFromPerSecond} to {@code rampToPerSecond} over the run.
 *
 * @param name a label for the report, for example {@code fr-paris}
 * @param country requester country, whose residency rule applies
 * @param region region id of the RTT matrix
 * @param latitude where the region's traffic enters the network
 * @param longitude where the region's traffic enters the network
 * @param subscribers mobile subscribers in the region
 * @param adoption share of subscribers who use the assistant at all, in [0, 1]
 * @param dailyActive share of adopters active on a given day, in [0, 1]
 * @param requestsPerActivePerDay requests (turns) per active user per day
 * @param profile 24 hourly factors of the rate (local time), any scale: they are normalised to mean 1
 * @param bursts windows with a rate multiplier
 * @param rampFromPerSecond when positive, replaces the subscriber arithmetic: the rate ramps linearly
 *     from this to {@code rampToPerSecond} over the run, flat hourly profile
 * @param rampToPerSecond see {@code rampFromPerSecond}
 * @param narrowedShare share of requests that narrow residency to {@code narrowedTo} (public sector,
 *     health: data that must stay in the country), in [0, 1]
 * @param narrowedTo the tags those requests narrow to
 */
public record Population(
        String name, String country, String region, double latitude, double longitude, long subscribers,
        double adoption, double dailyActive, double requestsPerActivePerDay, double[] profile, List<BurstSpec> bursts,
        double rampFromPerSecond, double rampToPerSecond, double narrowedShare, Set<String> narrowedTo) {

    /** A typical chat day: quiet night, morning and lunch rises, evening peak at 20-22 h (factors, mean ~1). */
    public static final double[] EVENING_PEAK = {
        0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3,
        1.45, 1.35, 1.2, 1.15, 1.2, 1.35, 1.55, 1.75, 2.0, 2.1, 1.6, 0.9};

    public Population {
        Check.notBlank("name", name);
        if (country == null || !country.matches("[A-Z]{2}")) {
            throw new ScenarioException("country: must be an ISO 3166-1 alpha-2 code: " + country);
        }
        Check.notBlank("region", region);
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new ScenarioException("latitude: must be in [-90, 90]: " + latitude);
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new ScenarioException("longitude: must be in [-180, 180]: " + longitude);
        }
        Check.notNegative("rampFromPerSecond", rampFromPerSecond);
        Check.notNegative("rampToPerSecond", rampToPerSecond);
        boolean ramped = ramped(rampFromPerSecond, rampToPerSecond);
        if (!ramped) {
            Check.positive("subscribers", subscribers);
            Check.share("adoption", adoption);
            Check.share("dailyActive", dailyActive);
            Check.positive("requestsPerActivePerDay", requestsPerActivePerDay);
        } else if (subscribers != 0 || adoption != 0 || dailyActive != 0 || requestsPerActivePerDay != 0) {
            // Either way of stating the rate, not both: the subscriber figures would be silently unused.
            throw new ScenarioException("ramp: replaces subscribers, adoption, dailyActive and requestsPerActivePerDay;"
                    + " give either the ramp or those");
        }
        Objects.requireNonNull(profile, "profile is null");
        if (profile.length != 24) {
            throw new ScenarioException("profile: must hold 24 hourly factors: " + profile.length);
        }
        profile = profile.clone();
        double sum = 0;
        for (int hour = 0; hour < 24; hour++) {
            Check.notNegative("profile[" + hour + "]", profile[hour]);
            sum += profile[hour];
        }
        if (sum <= 0) {
            throw new ScenarioException("profile: at least one hourly factor must be > 0");
        }
        bursts = List.copyOf(Objects.requireNonNull(bursts, "bursts is null"));
        if (ramped && !bursts.isEmpty()) {
            throw new ScenarioException("bursts: a ramp sets the rate over the whole run and takes no bursts");
        }
        for (int hour = 1; ramped && hour < 24; hour++) {
            if (profile[hour] != profile[0]) {
                throw new ScenarioException("profile: a ramp sets the rate over the whole run; its profile must be flat");
            }
        }
        Check.share("narrowedShare", narrowedShare);
        narrowedTo = Set.copyOf(Objects.requireNonNull(narrowedTo, "narrowedTo is null"));
        if (narrowedShare > 0 && narrowedTo.isEmpty()) {
            throw new ScenarioException("narrowedTo: must name at least one tag when narrowedShare > 0");
        }
    }

    private static boolean ramped(double from, double to) {
        return from > 0 || to > 0;
    }

    /** Whether the rate is a ramp rather than subscriber arithmetic. */
    public boolean ramped() {
        return ramped(rampFromPerSecond, rampToPerSecond);
    }

    /** Mean requests per second over a day, before bursts (the ramp's mean for a ramp). */
    public double meanRequestsPerSecond() {
        if (ramped()) {
            return (rampFromPerSecond + rampToPerSecond) / 2;
        }
        return subscribers * adoption * dailyActive * requestsPerActivePerDay / 86_400.0;
    }

    /**
     * For a ramp, the ramp run for {@code fraction} of its length at the same slope (it ends at the rate
     * it reaches then, never below 0); any other population unchanged.
     */
    public Population rampCut(double fraction) {
        if (!ramped()) {
            return this;
        }
        double to = Math.max(0, rampFromPerSecond + (rampToPerSecond - rampFromPerSecond) * fraction);
        return new Population(name, country, region, latitude, longitude, subscribers, adoption, dailyActive,
                requestsPerActivePerDay, profile, bursts, rampFromPerSecond, to, narrowedShare, narrowedTo);
    }

    /** The profile scaled to a mean of 1. */
    public double[] normalisedProfile() {
        double mean = Arrays.stream(profile).sum() / 24;
        return Arrays.stream(profile).map(factor -> factor / mean).toArray();
    }

    @Override
    public double[] profile() {
        return profile.clone();
    }

    public GeoPoint location() {
        return new GeoPoint(latitude, longitude);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Population that && name.equals(that.name) && country.equals(that.country)
                && region.equals(that.region) && latitude == that.latitude && longitude == that.longitude
                && subscribers == that.subscribers && adoption == that.adoption && dailyActive == that.dailyActive
                && requestsPerActivePerDay == that.requestsPerActivePerDay && Arrays.equals(profile, that.profile)
                && bursts.equals(that.bursts) && rampFromPerSecond == that.rampFromPerSecond
                && rampToPerSecond == that.rampToPerSecond && narrowedShare == that.narrowedShare
                && narrowedTo.equals(that.narrowedTo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, country, region, subscribers, Arrays.hashCode(profile), bursts);
    }

    @Override
    public String toString() {
        return "Population[" + name + " " + country + " " + region + ", " + subscribers + " subscribers, "
                + String.format("%.1f", meanRequestsPerSecond()) + " req/s mean]";
    }
}
