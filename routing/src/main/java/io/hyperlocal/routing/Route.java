package io.hyperlocal.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One routing decision, explainable after the fact: who asked, under which policy version, every
 * candidate with either its scores or why it was filtered, and the order to try the survivors in
 * (best first, the rest for failover). A route always holds at least one candidate: when nothing
 * passes the filters, {@link Router#route} throws instead.
 *
 * @param requestId the gateway's request id
 * @param model the model asked for
 * @param requester whose residency rules applied
 * @param policyVersion the residency policy version applied
 * @param decidedAt when the decision was taken, on the router's clock
 * @param ordered survivors, best first
 * @param rejected filtered candidates, in the order they were given
 */
public record Route(
        String requestId, String model, RequesterJurisdiction requester, long policyVersion, Instant decidedAt,
        List<ScoredCandidate> ordered, List<Rejection> rejected) {
    /** Most characters {@link #summary()} returns, so it fits an HTTP header comfortably. */
    public static final int SUMMARY_LIMIT = 1000;

    public Route {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(requester, "requester is null");
        Objects.requireNonNull(decidedAt, "decidedAt is null");
        ordered = List.copyOf(Objects.requireNonNull(ordered, "ordered is null"));
        rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected is null"));
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("ordered is empty: a route holds at least one candidate");
        }
    }

    /** The candidate to try first. */
    public ScoredCandidate best() {
        return ordered.getFirst();
    }

    /**
     * One line for the {@code x-hyperlocal-route} header, at most {@link #SUMMARY_LIMIT} characters:
     * {@code fr-par/vllm=0.93(prox .98,load .90,prefix .50,sess 0);fr-mrs/vllm=...;+3 more;filtered 7}.
     * Candidates that do not fit are counted rather than cut mid-entry.
     */
    public String summary() {
        String tail = rejected.isEmpty() ? "" : ";filtered " + rejected.size();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < ordered.size(); i++) {
            String entry = (i == 0 ? "" : ";") + entry(ordered.get(i));
            int left = ordered.size() - i - 1;
            // Keep room to say how many are left out, should the next entry not fit.
            int reserve = (left > 0 ? (";+" + left + " more").length() : 0) + tail.length();
            if (i > 0 && line.length() + entry.length() + reserve > SUMMARY_LIMIT) {
                line.append(";+").append(left + 1).append(" more");
                break;
            }
            line.append(entry);
        }
        line.append(tail);
        // Only an absurdly long first label gets here; a cut header beats a rejected response.
        return line.length() <= SUMMARY_LIMIT ? line.toString() : line.substring(0, SUMMARY_LIMIT);
    }

    /** Engine ids come from configuration: keep the header value printable ASCII whatever they hold. */
    private static String headerSafe(String label) {
        StringBuilder safe = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            safe.append(c > ' ' && c < 0x7f && c != ';' && c != ',' ? c : '_');
        }
        return safe.toString();
    }

    private static String entry(ScoredCandidate scored) {
        Scores scores = scored.scores();
        return headerSafe(scored.candidate().label()) + "=" + twoDecimals(scored.score())
                + "(prox " + compact(scores.proximity()) + ",load " + compact(scores.load())
                + ",prefix " + compact(scores.prefix()) + ",sess " + compact(scores.session())
                + (scores.affinityBroken() ? ",guard" : "") + ")";
    }

    /** {@code .98}, {@code 1} or {@code 0}: two decimals without the leading zero. */
    static String compact(double score) {
        String text = twoDecimals(score);
        return switch (text) {
            case "1.00" -> "1";
            case "0.00" -> "0";
            default -> text.substring(1);
        };
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", value)}, without the format parser: the summary formats
     * five numbers per candidate for every request. Scores lie in [0, 1]; away from a tie (a value whose
     * hundredths end in 5 at the third decimal), rounding the scaled double gives the same digits as the
     * formatter's exact half-up rounding. Ties, negatives and large or odd values take the formatter.
     */
    static String twoDecimals(double value) {
        if (Double.doubleToRawLongBits(value) < 0 || !(value < 1e6)) { // negatives, -0.0, NaN, large
            return String.format(Locale.ROOT, "%.2f", value);
        }
        double scaled = value * 100;
        double fraction = scaled - Math.floor(scaled);
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        long hundredths = Math.round(scaled);
        long cents = hundredths % 100;
        return (hundredths / 100) + (cents < 10 ? ".0" : ".") + cents;
    }

    /**
     * The whole decision as plain maps, lists, strings and numbers, for a JSON serialiser
     * ({@code /admin/routes/{requestId}}). Keys keep a stable order.
     */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requestId", requestId);
        details.put("model", model);
        details.put("requesterCountry", requester.country());
        details.put("narrowedTo", requester.narrowedTo().stream().sorted().toList());
        details.put("policyVersion", policyVersion);
        details.put("decidedAt", decidedAt.toString());
        List<Map<String, Object>> order = new ArrayList<>();
        for (ScoredCandidate scored : ordered) {
            Map<String, Object> entry = candidate(scored.candidate());
            entry.put("score", scored.score());
            entry.put("proximity", scored.scores().proximity());
            entry.put("load", scored.scores().load());
            entry.put("prefix", scored.scores().prefix());
            entry.put("session", scored.scores().session());
            entry.put("affinityBroken", scored.scores().affinityBroken());
            order.add(entry);
        }
        details.put("ordered", order);
        List<Map<String, Object>> filtered = new ArrayList<>();
        for (Rejection rejection : rejected) {
            Map<String, Object> entry = candidate(rejection.candidate());
            entry.put("reason", rejection.reason().name());
            entry.put("detail", rejection.detail());
            filtered.add(entry);
        }
        details.put("rejected", filtered);
        return details;
    }

    private static Map<String, Object> candidate(Candidate candidate) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("site", candidate.siteId());
        entry.put("engine", candidate.engineId());
        entry.put("country", candidate.site().country());
        entry.put("tags", candidate.site().jurisdictionTags().stream().sorted().toList());
        return entry;
    }
}
