package io.hyperlocal.routing;

import io.hyperlocal.core.Site;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which sites may serve (and store the data of) one jurisdiction's requesters. A site is admitted
 * when it carries at least one allowed tag, is not excluded by id and carries no excluded tag:
 * exclusions always win.
 *
 * @param allowedTags site tags that admit a site, for example {@code {DE, EU}}; never empty
 * @param excludedSiteIds sites refused whatever their tags
 * @param excludedTags tags that refuse a site, for example {@code {US-CLOUD-ACT}}
 */
public record ResidencyRule(Set<String> allowedTags, Set<String> excludedSiteIds, Set<String> excludedTags) {
    /** A jurisdiction tag as rules and sites write it ({@code EU}, {@code SecNumCloud}). */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    /** Sites tagged {@code EU}: the usual default for countries without a rule of their own. */
    public static final ResidencyRule EU_ONLY = allowing(Set.of("EU"));

    public ResidencyRule {
        allowedTags = Set.copyOf(Objects.requireNonNull(allowedTags, "allowedTags is null"));
        excludedSiteIds = Set.copyOf(Objects.requireNonNull(excludedSiteIds, "excludedSiteIds is null"));
        excludedTags = Set.copyOf(Objects.requireNonNull(excludedTags, "excludedTags is null"));
        if (allowedTags.isEmpty()) {
            throw new IllegalArgumentException("allowedTags is empty: a rule must admit at least one tag");
        }
        for (String tag : allowedTags) {
            requireTag("allowedTags", tag);
        }
        for (String tag : excludedTags) {
            requireTag("excludedTags", tag);
        }
        if (excludedTags.containsAll(allowedTags)) {
            throw new IllegalArgumentException("excludedTags " + new TreeSet<>(excludedTags)
                    + " exclude every allowed tag " + new TreeSet<>(allowedTags) + ": the rule admits no site");
        }
    }

    /** A rule admitting the given tags, with no exclusion. */
    public static ResidencyRule allowing(Set<String> allowedTags) {
        return new ResidencyRule(allowedTags, Set.of(), Set.of());
    }

    /** Why {@code site} is refused, or empty when the rule admits it. */
    public Optional<String> refusal(Site site) {
        if (excludedSiteIds.contains(site.id())) {
            return Optional.of("site " + site.id() + " is excluded");
        }
        for (String tag : site.jurisdictionTags()) {
            if (excludedTags.contains(tag)) {
                return Optional.of("tag " + tag + " is excluded");
            }
        }
        for (String tag : site.jurisdictionTags()) {
            if (allowedTags.contains(tag)) {
                return Optional.empty();
            }
        }
        return Optional.of("tags " + new TreeSet<>(site.jurisdictionTags()) + " hold none of " + new TreeSet<>(allowedTags));
    }

    static void requireTag(String field, String tag) {
        Objects.requireNonNull(tag, field + " holds null");
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(field + " holds an invalid tag (letters, digits, '_', '.', '-'; at most 63): " + tag);
        }
    }
}
