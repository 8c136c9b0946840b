package io.hyperlocal.server.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** Subscribers and partner apps inserted with JDBC, with ids unique across the shared test database. */
public final class TestingParties {
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private TestingParties() {}

    /**
     * A new subscriber of {@code country}; its MSISDN is {@link #msisdn(String)}. It holds a
     * subscription to every model without limits (these tests are about credentials, not quotas),
     * so that its keys list and call models.
     */
    public static String subscriber(DataSource dataSource, String country) {
        long n = NEXT.incrementAndGet();
        String id = "sub-" + n;
        update(dataSource, "insert into subscriber (id, msisdn, country, billing_account) values (?, ?, ?, ?)",
                id, msisdnOf(n), country, "ba-" + n);
        io.hyperlocal.server.quota.TestingEntitlementsDecorator.SET_BY_TESTS.set(id, java.util.List.of(
                new io.hyperlocal.server.entitlement.Entitlement("subscription-of-" + id, "offer-test-unlimited",
                        java.util.Set.of(io.hyperlocal.server.entitlement.Entitlement.ALL_MODELS),
                        io.hyperlocal.server.entitlement.Entitlement.UNLIMITED,
                        io.hyperlocal.server.entitlement.AllowancePeriod.CALENDAR_MONTH, 0,
                        io.hyperlocal.server.entitlement.Entitlement.UNLIMITED,
                        io.hyperlocal.server.entitlement.Entitlement.UNLIMITED,
                        io.hyperlocal.server.entitlement.Entitlement.UNLIMITED, java.util.List.of())));
        return id;
    }

    /** The MSISDN {@link #subscriber} gave to {@code subscriberId}. */
    public static String msisdn(String subscriberId) {
        return msisdnOf(Long.parseLong(subscriberId.substring("sub-".length())));
    }

    public static String partnerApp(DataSource dataSource) {
        String id = "app-" + NEXT.incrementAndGet();
        update(dataSource, "insert into partner_app (id, name) values (?, ?)", id, "Partner " + id);
        return id;
    }

    public static void update(DataSource dataSource, String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("test data: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static String msisdnOf(long n) {
        return "+3361" + String.format("%09d", n % 1_000_000_000L);
    }
}
