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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** The sites of the federation and their declared engines, kept in PostgreSQL so that they survive restarts. */
@ApplicationScoped
public class SiteStore {
    private final DataSource dataSource;

    @Inject
    public SiteStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<SiteRecord> list() {
        String sites = "select id, name, country, city, latitude, longitude, jurisdiction_tags, state"
                + " from site order by created_at, id";
        String engines = "select site_id, engine_id, kind, models, max_concurrency, base_url from site_engine"
                + " order by site_id, engine_id";
        try (Connection connection = dataSource.getConnection()) {
            Map<String, List<EngineSpec>> specs = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(engines);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    specs.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new EngineSpec(
                            rows.getString(2), rows.getString(3), List.of((String[]) rows.getArray(4).getArray()),
                            rows.getInt(5), rows.getString(6)));
                }
            }
            List<SiteRecord> records = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sites);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String[] tags = (String[]) rows.getArray(7).getArray();
                    Site site = new Site(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getDouble(5), rows.getDouble(6), Set.of(tags));
                    records.add(new SiteRecord(site, SiteState.parse(rows.getString(8)),
                            specs.getOrDefault(site.id(), List.of())));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the sites from PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Inserts the site, or replaces the one with the same id, engines included, in one transaction. */
    public void save(SiteRecord record) {
        String upsert = """
                insert into site (id, name, country, city, latitude, longitude, jurisdiction_tags, state)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set name = excluded.name, country = excluded.country,
                    city = excluded.city, latitude = excluded.latitude, longitude = excluded.longitude,
                    jurisdiction_tags = excluded.jurisdiction_tags, state = excluded.state, updated_at = now()
                """;
        Site site = record.site();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                    Array tags = connection.createArrayOf("text", site.jurisdictionTags().stream().sorted().toArray());
                    statement.setString(1, site.id());
                    statement.setString(2, site.name());
                    statement.setString(3, site.country());
                    statement.setString(4, site.city());
                    statement.setDouble(5, site.latitude());
                    statement.setDouble(6, site.longitude());
                    statement.setArray(7, tags);
                    statement.setString(8, record.state().label());
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement("delete from site_engine where site_id = ?")) {
                    statement.setString(1, site.id());
                    statement.executeUpdate();
                }
                try (PreparedStatement statement = connection.prepareStatement("insert into site_engine"
                        + " (site_id, engine_id, kind, models, max_concurrency, base_url) values (?, ?, ?, ?, ?, ?)")) {
                    for (EngineSpec engine : record.engines()) {
                        statement.setString(1, site.id());
                        statement.setString(2, engine.id());
                        statement.setString(3, engine.kind());
                        statement.setArray(4, connection.createArrayOf("text", engine.models().toArray()));
                        statement.setInt(5, engine.maxConcurrency());
                        statement.setString(6, engine.baseUrl());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store site " + site.id() + " in PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Removes a site and its engines; returns false when there was none. */
    public boolean delete(String siteId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("delete from site where id = ?")) {
            statement.setString(1, siteId);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete site " + siteId + ": " + e.getMessage(), e);
        }
    }
}
