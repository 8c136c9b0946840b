package io.hyperlocal.routing;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where each requester country may be served, versioned so a decision names the exact policy it
 * obeyed. Countries without a rule of their own get {@link #defaultRule}.
 *
 * @param version increases with every change, at least 1
 * @param rules per requester country (ISO 3166-1 alpha-2, upper case)
 * @param defaultRule for countries without a rule
 * @param qualifierTags tags that certify a site rather than place it (for example
 *     {@code SecNumCloud}): any requester may narrow to them, on top of their rule's own tags, since a
 *     narrowing must also pass the rule and so cannot widen it
 */
public record ResidencyPolicy(
        long version, Map<String, ResidencyRule> rules, ResidencyRule defaultRule, Set<String> qualifierTags) {
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public ResidencyPolicy {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1: " + version);
        }
        rules = Map.copyOf(Objects.requireNonNull(rules, "rules is null"));
        for (String country : rules.keySet()) {
            if (!COUNTRY.matcher(country).matches()) {
                throw new IllegalArgumentException("rules must be keyed by ISO 3166-1 alpha-2 country codes: " + country);
            }
        }
        Objects.requireNonNull(defaultRule, "defaultRule is null");
        qualifierTags = Set.copyOf(Objects.requireNonNull(qualifierTags, "qualifierTags is null"));
        for (String tag : qualifierTags) {
            ResidencyRule.requireTag("qualifierTags", tag);
        }
    }

    /** A policy without qualifier tags: requesters may narrow only to their rule's tags. */
    public ResidencyPolicy(long version, Map<String, ResidencyRule> rules, ResidencyRule defaultRule) {
        this(version, rules, defaultRule, Set.of());
    }

    /** The rule for requesters of {@code country}: its own, else the default. */
    public ResidencyRule ruleFor(String country) {
        return rules.getOrDefault(country, defaultRule);
    }

    /**
     * The scope a requester may be served in: their country's rule, narrowed by the tags they asked
     * for. A narrowing may only name tags the rule allows or qualifier tags. It always restricts
     * (a serving site must pass the rule <em>and</em> carry every named tag), but naming another
     * country (a DE requester asking for FR) reads as an attempt to widen and is refused so the
     * client learns its mistake instead of getting sites it did not mean.
     *
     * @throws HyperlocalException {@link ErrorCode#JURISDICTION_NOT_ALLOWED} when a narrowing tag is
     *     neither one the requester's rule allows nor a qualifier tag
     */
    public ResidencyScope scopeFor(RequesterJurisdiction requester) {
        ResidencyRule rule = ruleFor(requester.country());
        TreeSet<String> refused = new TreeSet<>(requester.narrowedTo());
        refused.removeAll(rule.allowedTags());
        refused.removeAll(qualifierTags);
        if (!refused.isEmpty()) {
            TreeSet<String> nameable = new TreeSet<>(rule.allowedTags());
            nameable.addAll(qualifierTags);
            throw new HyperlocalException(ErrorCode.JURISDICTION_NOT_ALLOWED,
                    "x-hyperlocal-jurisdiction may only narrow where a request is served, never widen it: requests of "
                            + requester.country() + " may be served on sites tagged " + new TreeSet<>(rule.allowedTags())
                            + " (residency policy v" + version + "), so " + refused + " cannot be asked for. Name one or"
                            + " more of " + nameable + ", or drop the header.",
                    RequesterJurisdiction.HEADER);
        }
        return new ResidencyScope(version, requester, rule);
    }
}
