package io.hyperlocal.server.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.core.Countries;
import io.hyperlocal.routing.ResidencyPolicy;
import io.hyperlocal.routing.ResidencyRule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Residency policies, versioned in PostgreSQL: every change is a new version and the highest one is
 * in force. The policy in force is cached, so routing reads it without a database round trip.
 */
@Singleton
public class PolicyStore {
    /**
     * The first policy: French requesters on French sites only, German ones in Germany or anywhere
     * in the EU, everyone else in the EU.
     */
    public static final PolicyBody INITIAL = new PolicyBody(new TreeMap<>(Map.of(
            "FR", new RuleBody(Set.of("FR"), Set.of(), Set.of()),
            "DE", new RuleBody(Set.of("DE", "EU"), Set.of(), Set.of()))),
            new RuleBody(Set.of("EU"), Set.of(), Set.of()));


    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();
    private volatile ResidencyPolicy current;

    @Inject
    public PolicyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The JSON shape of a policy in the admin API and in the database. */
    public record PolicyBody(Map<String, RuleBody> rules, RuleBody defaultRule) {}

    public record RuleBody(Set<String> allowedTags, Set<String> excludedSiteIds, Set<String> excludedTags) {
        /** @param field where the rule stands in the body, {@code rules.FR} or {@code defaultRule}, for messages */
        ResidencyRule toRule(String field) {
            // A JSON null in a list reached Set.copyOf as a NullPointerException: a 500 that named nothing.
            noNullIn(field + ".allowedTags", allowedTags);
            noNullIn(field + ".excludedSiteIds", excludedSiteIds);
            noNullIn(field + ".excludedTags", excludedTags);
            return new ResidencyRule(orEmpty(allowedTags), orEmpty(excludedSiteIds), orEmpty(excludedTags));
        }

        static RuleBody of(ResidencyRule rule) {
            return new RuleBody(rule.allowedTags(), rule.excludedSiteIds(), rule.excludedTags());
        }

        private static void noNullIn(String field, Set<String> values) {
            if (values != null && values.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(field + " holds a null; each entry must be a string: leave the null out");
            }
        }

        private static Set<String> orEmpty(Set<String> values) {
            return values == null ? Set.of() : values;
        }
    }

    /** One stored version. */
    public record Version(long version, Instant createdAt, String createdBy, PolicyBody policy) {}

    /** The policy in force; the initial one is stored on first use. */
    public ResidencyPolicy current() {
        ResidencyPolicy policy = current;
        if (policy == null) {
            synchronized (this) {
                if (current == null) {
                    List<Version> versions = history();
                    if (versions.isEmpty()) {
                        save(INITIAL, "hyperlocal (initial policy)");
                    } else {
                        current = toPolicy(versions.get(0).version(), versions.get(0).policy());
                    }
                }
                policy = current;
            }
        }
        return policy;
    }

    /** Stores {@code body} as the next version and puts it in force; refuses an invalid one. */
    public synchronized ResidencyPolicy save(PolicyBody body, String createdBy) {
        requireExistingCountries(body);
        List<Version> versions = history();
        long version = versions.isEmpty() ? 1 : versions.get(0).version() + 1;
        ResidencyPolicy policy = toPolicy(version, body);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "insert into residency_policy (version, rules, created_by) values (?, ?::jsonb, ?)")) {
            statement.setLong(1, version);
            statement.setString(2, json.writeValueAsString(of(policy)));
            statement.setString(3, createdBy);
            statement.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not store residency policy version " + version + ": " + e.getMessage(), e);
        }
        current = policy;
        return policy;
    }

    /**
     * A rule keyed by a code that is no country ({@code UK}, {@code EU}, {@code XX}) matches no
     * requester, since subscribers' countries are ISO 3166-1 codes that exist: its requesters (the
     * British ones for {@code UK}, which is {@code GB}) silently got the default rule, perhaps other
     * countries' sites. Checked when a version is stored, not when one is read, so a version stored
     * before this check never keeps the platform from starting.
     */
    private static void requireExistingCountries(PolicyBody body) {
        if (body == null || body.rules() == null) {
            return;
        }
        for (String country : new TreeMap<>(body.rules()).keySet()) {
            if (country.matches("[A-Z]{2}") && !Countries.exists(country)) {
                throw new IllegalArgumentException("rules." + country + ": '" + country + "' is not an ISO 3166-1"
                        + " alpha-2 country code that exists (the United Kingdom is GB), so no requester would ever"
                        + " get this rule: key it by the requesters' country");
            }
        }
    }

    /** Every version, newest first. */
    public List<Version> history() {
        String sql = "select version, created_at, created_by, rules from residency_policy order by version desc";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<Version> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(new Version(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                        json.readValue(rows.getString(4), PolicyBody.class)));
            }
            return versions;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not read the residency policies: " + e.getMessage(), e);
        }
    }

    /** Validates a body by building the policy it describes. */
    public static ResidencyPolicy toPolicy(long version, PolicyBody body) {
        if (body == null || body.defaultRule() == null) {
            throw new IllegalArgumentException("a policy needs a defaultRule (the rule for countries without one)");
        }
        Map<String, ResidencyRule> rules = new LinkedHashMap<>();
        if (body.rules() != null) {
            body.rules().forEach((country, rule) -> {
                if (rule == null) {
                    throw new IllegalArgumentException("the rule for " + country + " is null");
                }
                rules.put(country, rule.toRule("rules." + country));
            });
        }
        return new ResidencyPolicy(version, rules, body.defaultRule().toRule("defaultRule"));
    }

    public static PolicyBody of(ResidencyPolicy policy) {
        Map<String, RuleBody> rules = new TreeMap<>();
        policy.rules().forEach((country, rule) -> rules.put(country, RuleBody.of(rule)));
        return new PolicyBody(rules, RuleBody.of(policy.defaultRule()));
    }
}
