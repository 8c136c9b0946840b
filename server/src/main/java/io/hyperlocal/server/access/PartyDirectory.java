package io.hyperlocal.server.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What authentication reads of the parties (V4, V7): subscribers by id or MSISDN, partner apps, and
 * which subscribers a partner app may act for. Found entries are cached and evicted by the
 * {@link ChangeFeed}; misses are not cached (they are refusals, rare), so a subscriber or link
 * created on another replica counts at once.
 */
@ApplicationScoped
public class PartyDirectory implements ChangeFeed.Listener {

    /** A subscriber as authentication needs it: routing uses its country. */
    public record Subscriber(String id, String msisdn, String country) {
        public Subscriber {
            Objects.requireNonNull(id, "id is null");
            Objects.requireNonNull(msisdn, "msisdn is null");
            Objects.requireNonNull(country, "country is null");
        }
    }

    private final DataSource dataSource;
    private final FeedCache<String, Subscriber> subscribers = new FeedCache<>();
    private final FeedCache<String, Subscriber> byMsisdn = new FeedCache<>();
    private final FeedCache<String, Boolean> apps = new FeedCache<>();
    /** Keys {@code <app id>/<subscriber id>}, as the feed names links. */
    private final FeedCache<String, Boolean> links = new FeedCache<>();

    @Inject
    public PartyDirectory(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
    }

    public Optional<Subscriber> subscriber(String id) {
        return subscribers.getOrLoad(id, key -> loadSubscriber("id", key));
    }

    /** The subscriber of an E.164 number ({@code +33612345678}). */
    public Optional<Subscriber> subscriberByMsisdn(String msisdn) {
        return byMsisdn.getOrLoad(msisdn, key -> loadSubscriber("msisdn", key));
    }

    public boolean partnerAppExists(String id) {
        return apps.getOrLoad(id, key -> exists("select 1 from partner_app where id = ?", key)).isPresent();
    }

    /** Whether {@code partnerAppId} may act for {@code subscriberId}. */
    public boolean linked(String partnerAppId, String subscriberId) {
        return links.getOrLoad(linkKey(partnerAppId, subscriberId), key -> exists(
                "select 1 from partner_app_subscriber where partner_app_id = ? and subscriber_id = ?",
                partnerAppId, subscriberId)).isPresent();
    }

    /** Links an app to a subscriber (both must exist); returns when the link was made, the first time. */
    public Instant link(String partnerAppId, String subscriberId) {
        String sql = "with added as (insert into partner_app_subscriber (partner_app_id, subscriber_id) values (?, ?)"
                + " on conflict do nothing returning created_at)"
                + " select created_at from added union all select created_at from partner_app_subscriber"
                + " where partner_app_id = ? and subscriber_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, partnerAppId);
            statement.setString(2, subscriberId);
            statement.setString(3, partnerAppId);
            statement.setString(4, subscriberId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException e) {
            throw ApiKeyStore.databaseFailure("link partner app " + partnerAppId + " to subscriber " + subscriberId, e);
        }
    }

    /** Removes a link at once on this replica; false when there was none. */
    public boolean unlink(String partnerAppId, String subscriberId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "delete from partner_app_subscriber where partner_app_id = ? and subscriber_id = ?")) {
            statement.setString(1, partnerAppId);
            statement.setString(2, subscriberId);
            boolean removed = statement.executeUpdate() > 0;
            links.evict(linkKey(partnerAppId, subscriberId));
            return removed;
        } catch (SQLException e) {
            throw ApiKeyStore.databaseFailure("unlink partner app " + partnerAppId + " from subscriber " + subscriberId,
                    e);
        }
    }

    @Override
    public void changed(Change change) {
        switch (change.kind()) {
            case SUBSCRIBER -> {
                subscribers.evict(change.reference());
                byMsisdn.evictIf((msisdn, subscriber) -> subscriber.id().equals(change.reference()));
            }
            case PARTNER_APP -> apps.evict(change.reference());
            case PARTNER_LINK -> links.evict(change.reference());
            case API_KEY -> { }
        }
    }

    @Override
    public void reset() {
        subscribers.clear();
        byMsisdn.clear();
        apps.clear();
        links.clear();
    }

    private static String linkKey(String partnerAppId, String subscriberId) {
        return partnerAppId + "/" + subscriberId;
    }

    private Optional<Subscriber> loadSubscriber(String column, String value) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select id, msisdn, country from subscriber where " + column + " = ?")) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Subscriber(rows.getString(1), rows.getString(2), rows.getString(3).trim()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw ApiKeyStore.databaseFailure("look up subscriber " + value, e);
        }
    }

    private Optional<Boolean> exists(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(Boolean.TRUE) : Optional.empty();
            }
        } catch (SQLException e) {
            throw ApiKeyStore.databaseFailure("read the parties", e);
        }
    }
}
