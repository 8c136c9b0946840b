package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** The sites of the federation, kept in PostgreSQL so that they survive restarts. */
@ApplicationScoped
public class SiteStore {
    private final DataSource dataSource;

    @Inject
    public SiteStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Site> list() {
        String sql = "select id, name, country, city, latitude, longitude, jurisdiction_tags from site order by created_at, id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<Site> sites = new ArrayList<>();
            while (rows.next()) {
                String[] tags = (String[]) rows.getArray(7).getArray();
                sites.add(new Site(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getDouble(5), rows.getDouble(6), Set.of(tags)));
            }
            return sites;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the sites from PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Inserts the site, or updates the one with the same id. */
    public void upsert(Site site) {
        String sql = """
                insert into site (id, name, country, city, latitude, longitude, jurisdiction_tags)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set name = excluded.name, country = excluded.country,
                    city = excluded.city, latitude = excluded.latitude, longitude = excluded.longitude,
                    jurisdiction_tags = excluded.jurisdiction_tags
                """;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Array tags = connection.createArrayOf("text", site.jurisdictionTags().stream().sorted().toArray());
            statement.setString(1, site.id());
            statement.setString(2, site.name());
            statement.setString(3, site.country());
            statement.setString(4, site.city());
            statement.setDouble(5, site.latitude());
            statement.setDouble(6, site.longitude());
            statement.setArray(7, tags);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store site " + site.id() + " in PostgreSQL: " + e.getMessage(), e);
        }
    }
}
