package io.hyperlocal.server.tmf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** Inserts subscriber rows directly, as the subscriber import would. */
final class Subscribers {
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

    private Subscribers() {}

    /** A new French subscriber; returns its id. */
    static String create(DataSource dataSource) {
        int number = NEXT.incrementAndGet();
        String id = "sub-" + number;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into subscriber (id, msisdn, country, billing_account) values (?, ?, 'FR', ?)")) {
            insert.setString(1, id);
            insert.setString(2, "+336" + String.format("%08d", number % 100_000_000));
            insert.setString(3, "ba-" + number);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
