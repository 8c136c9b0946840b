package io.hyperlocal.routing;

import io.hyperlocal.core.Site;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where one request may be served: a requester's rule from one policy version, with the requester's
 * narrowing. Built by {@link ResidencyPolicy#scopeFor}, which has already refused a widening.
 *
 * @param policyVersion the version of the policy the rule comes from
 * @param requester the requester and their narrowing
 * @param rule the requester's rule
 */
public record ResidencyScope(long policyVersion, RequesterJurisdiction requester, ResidencyRule rule) {
    public ResidencyScope {
        Objects.requireNonNull(requester, "requester is null");
        Objects.requireNonNull(rule, "rule is null");
    }

    /** Why {@code site} may not serve this request, or empty when it may. */
    public Optional<String> refusal(Site site) {
        Optional<String> refused = rule.refusal(site);
        if (refused.isPresent()) {
            return refused;
        }
        if (!site.jurisdictionTags().containsAll(requester.narrowedTo())) {
            TreeSet<String> missing = new TreeSet<>(requester.narrowedTo());
            missing.removeAll(site.jurisdictionTags());
            return Optional.of("narrowed to " + new TreeSet<>(requester.narrowedTo()) + ", site lacks " + missing);
        }
        return Optional.empty();
    }

    /** Whether {@code site} may serve this request. */
    public boolean admits(Site site) {
        return refusal(site).isEmpty();
    }

    /** A short statement of the scope for error messages. */
    String describe() {
        return "requester " + requester.country() + " may be served on sites tagged any of "
                + new TreeSet<>(rule.allowedTags())
                + (rule.excludedTags().isEmpty() ? "" : ", none of " + new TreeSet<>(rule.excludedTags()))
                + (rule.excludedSiteIds().isEmpty() ? "" : ", except sites " + new TreeSet<>(rule.excludedSiteIds()))
                + (requester.narrowedTo().isEmpty() ? "" : ", narrowed to " + new TreeSet<>(requester.narrowedTo()))
                + " (residency policy v" + policyVersion + ")";
    }
}
