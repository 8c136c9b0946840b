package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The partner applications in PostgreSQL ({@code partner_app}, created by {@code V4__parties.sql}). */
@ApplicationScoped
public class PartnerAppStore {
    private final DataSource dataSource;

    @Inject
    public PartnerAppStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<PartnerApp> find(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select id, name from partner_app where id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new PartnerApp(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Postgres.failure("look up partner application " + id, e);
        }
    }

    /** Every partner application, by id. */
    public List<PartnerApp> list() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select id, name from partner_app order by id");
                ResultSet rows = statement.executeQuery()) {
            List<PartnerApp> apps = new ArrayList<>();
            while (rows.next()) {
                apps.add(new PartnerApp(rows.getString(1), rows.getString(2)));
            }
            return apps;
        } catch (SQLException e) {
            throw Postgres.failure("list partner applications", e);
        }
    }

    /** @throws HyperlocalException {@code conflict} (409) when the id is taken */
    public void insert(PartnerApp app) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("insert into partner_app (id, name) values (?, ?)")) {
            statement.setString(1, app.id());
            statement.setString(2, app.name());
            statement.executeUpdate();
        } catch (SQLException e) {
            if (Postgres.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new HyperlocalException(ErrorCode.CONFLICT, "Partner application " + app.id()
                        + " already exists; DELETE /admin/partner-apps/" + app.id() + " first to replace it.", "id");
            }
            throw Postgres.failure("add partner application " + app.id(), e);
        }
    }

    /** Removes the application (and, by cascade, the keys scoped to it); false when there was none. */
    public boolean delete(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("delete from partner_app where id = ?")) {
            statement.setString(1, id);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw Postgres.failure("delete partner application " + id, e);
        }
    }
}
