package io.hyperlocal.sim.scenario;

import io.hyperlocal.routing.ResidencyPolicy;
import io.hyperlocal.routing.ResidencyRule;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which site tags may serve each requester country: the routing module's {@link ResidencyPolicy}
 * (allowed tags per country, a default rule), as a scenario states it.
 *
 * @param allowedTags per requester country, the tags that admit a site (for example {@code FR: [EU]})
 * @param defaultTags for countries without an entry
 */
public record ResidencySpec(Map<String, Set<String>> allowedTags, Set<String> defaultTags) {
    public ResidencySpec {
        Map<String, Set<String>> copy = new HashMap<>();
        Objects.requireNonNull(allowedTags, "allowedTags is null").forEach((country, tags) -> {
            if (!country.matches("[A-Z]{2}")) {
                throw new ScenarioException("allowedTags." + country + ": keys must be ISO 3166-1 alpha-2 codes");
            }
            if (tags == null || tags.isEmpty()) {
                throw new ScenarioException("allowedTags." + country + ": must name at least one tag");
            }
            copy.put(country, Set.copyOf(tags));
        });
        allowedTags = Map.copyOf(copy);
        defaultTags = Set.copyOf(Objects.requireNonNull(defaultTags, "defaultTags is null"));
        if (defaultTags.isEmpty()) {
            throw new ScenarioException("defaultTags: must name at least one tag");
        }
    }

    /** Every country served in EU sites only. */
    public static final ResidencySpec EU_ONLY = new ResidencySpec(Map.of(), Set.of("EU"));

    public Set<String> ruleFor(String country) {
        return allowedTags.getOrDefault(country, defaultTags);
    }

    /** The routing module's policy for this spec, version 1. */
    public ResidencyPolicy toPolicy() {
        Map<String, ResidencyRule> rules = new HashMap<>();
        allowedTags.forEach((country, tags) -> rules.put(country, ResidencyRule.allowing(tags)));
        return new ResidencyPolicy(1, rules, ResidencyRule.allowing(defaultTags));
    }

    /**
     * Whether {@code site} may serve {@code population}'s requests, narrowed or not. Written apart from
     * the routing module's rule code on purpose: the simulator counts violations with this independent
     * check, so a bug in either would show.
     */
    public boolean admits(Population population, SiteSpec site, boolean narrowed) {
        boolean allowed = false;
        for (String tag : ruleFor(population.country())) {
            allowed |= site.tags().contains(tag);
        }
        return allowed && (!narrowed || site.tags().containsAll(population.narrowedTo()));
    }
}
