package io.hyperlocal.routing;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The error when no candidate passes the filters, classified by what stood in the way: no site
 * serves the model at all, none in the requester's jurisdictions does, or those that do are all down
 * or saturated. Messages name the requester, what was filtered and why, and what to do.
 */
final class NoRoute {
    /** Candidates listed in a message at most; the rest are counted. */
    private static final int LISTED = 8;

    private NoRoute() {}

    static HyperlocalException failure(
            RoutingRequest request, ResidencyScope scope, Collection<Candidate> candidates, List<Rejection> rejected) {
        String model = request.model();
        List<Candidate> serving = candidates.stream().filter(c -> c.models().contains(model)).toList();
        if (serving.isEmpty()) {
            return new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model
                    + "' does not exist or you do not have access to it: no site of the federation serves it ("
                    + candidates.size() + " engines checked). GET /v1/models lists the models served.", "model");
        }
        List<Candidate> allowed = serving.stream().filter(c -> scope.admits(c.site())).toList();
        if (allowed.isEmpty()) {
            String sites = list(serving.stream()
                    .map(c -> c.siteId() + " " + c.site().country() + " " + new TreeSet<>(c.site().jurisdictionTags()))
                    .distinct().toList());
            return new HyperlocalException(ErrorCode.NO_ALLOWED_SITE, "Request " + request.requestId()
                    + " cannot be served where its data may go: " + scope.describe() + ", but model '" + model
                    + "' is served only at " + sites + ". It was not sent elsewhere. Use a model served in your"
                    + " jurisdiction, drop a narrowing " + RequesterJurisdiction.HEADER
                    + " header, or ask the operator to deploy the model at an allowed site.");
        }
        String states = list(rejected.stream()
                .filter(r -> r.reason() == Rejection.Reason.UNHEALTHY || r.reason() == Rejection.Reason.SATURATED)
                .map(r -> r.candidate().label() + " (" + r.detail() + ")")
                .toList());
        return new HyperlocalException(ErrorCode.NO_CAPACITY, "No engine can take request " + request.requestId()
                + " for model '" + model + "' right now: every engine allowed for requester "
                + request.requester().label() + " (residency policy v" + scope.policyVersion()
                + ") is down or saturated: " + states + ". It was not sent to a site outside the allowed"
                + " jurisdictions. Retry after a few seconds; if it persists the operator can check the sites on"
                + " the console.");
    }

    private static String list(List<String> items) {
        String listed = items.stream().limit(LISTED).collect(Collectors.joining(", "));
        return items.size() > LISTED ? listed + " and " + (items.size() - LISTED) + " more" : listed;
    }
}
