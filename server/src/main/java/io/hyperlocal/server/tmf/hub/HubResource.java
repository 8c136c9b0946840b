package io.hyperlocal.server.tmf.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Event subscriptions in the TMF688 style, one {@code /hub} per API: {@code POST /hub} with
 * {@code Hub_FVO {@type, callback, query}} answers 201 {@code Hub {id, href, callback, query}};
 * {@code DELETE /hub/{id}} unsubscribes. Events are then POSTed to
 * {@code callback + /listener/<eventName>} by {@link EventDelivery}.
 */
@Path("/tmf-api/{api: productCatalogManagement|productOrderingManagement|productInventory}/v5/hub")
@Produces(MediaType.APPLICATION_JSON)
public class HubResource {
    private static final Set<String> FIELDS = Set.of("@type", "@baseType", "@schemaLocation", "callback", "query");

    private final DataSource dataSource;

    @Inject
    public HubResource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(@PathParam("api") String api, String body) {
        ObjectNode hub = TmfJson.parseObject(body);
        TmfJson.rejectUnknown(hub, FIELDS, "", "Hub");
        TmfJson.requireText(hub, "@type", "@type");
        String callback = TmfJson.requireText(hub, "callback", "callback");
        URI uri;
        try {
            uri = URI.create(callback);
        } catch (IllegalArgumentException e) {
            throw TmfException.badRequest("callback", "callback must be an absolute http(s) URL: " + e.getMessage());
        }
        if (!uri.isAbsolute() || !Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
            throw TmfException.badRequest("callback", "callback must be an absolute http(s) URL, not '" + callback + "'.");
        }
        String query = TmfJson.optionalText(hub, "query", "query").orElse("");
        TmfApi target = TmfApi.ofLabel(api);
        // A misspelt or foreign event type would match nothing: the hub would be created and stay silent.
        for (String eventType : EventOutbox.requested(query).orElse(List.of())) {
            if (target.eventTypes().stream().noneMatch(eventType::equalsIgnoreCase)) {
                throw TmfException.badRequest("query", "query names the event type '" + eventType + "', which "
                        + api + " does not send; it sends " + String.join(", ", target.eventTypes())
                        + ". Leave eventType= out to receive them all.");
            }
        }
        String id = UUID.randomUUID().toString();
        try (var connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into tmf_hub (id, api, callback, query) values (?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, api);
            insert.setString(3, callback);
            insert.setString(4, query);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the hub: " + e.getMessage(), e);
        }
        ObjectNode created = document(api, id, callback, query);
        return Response.created(URI.create(created.get("href").asText())).entity(created.toString())
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("api") String api, @PathParam("id") String id) {
        return Response.ok(find(api, id).orElseThrow(() -> hubNotFound(api, id)).toString(),
                MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("/{id}")
    public Response unsubscribe(@PathParam("api") String api, @PathParam("id") String id) {
        try (var connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from tmf_hub where api = ? and id = ?")) {
            delete.setString(1, api);
            delete.setString(2, id);
            if (delete.executeUpdate() == 0) {
                throw hubNotFound(api, id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete the hub: " + e.getMessage(), e);
        }
        return Response.noContent().build();
    }

    /** There is no list of hubs to point at (GET /hub is not served): the message says where ids come from. */
    private static TmfException hubNotFound(String api, String id) {
        return new TmfException(ErrorCode.NOT_FOUND, "hub not found", "No hub of " + api
                + " with id '" + id + "'. A hub's id is in the answer to its POST .../hub (and in its Location); "
                + "it may have been deleted.", "id");
    }

    private Optional<ObjectNode> find(String api, String id) {
        try (var connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select callback, query from tmf_hub where api = ? and id = ?")) {
            select.setString(1, api);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(document(api, id, rows.getString(1), rows.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the hub: " + e.getMessage(), e);
        }
    }

    private static ObjectNode document(String api, String id, String callback, String query) {
        String base = Arrays.stream(TmfApi.values()).filter(candidate -> candidate.label().equals(api)).findFirst()
                .orElseThrow().basePath();
        ObjectNode hub = TmfJson.MAPPER.createObjectNode();
        hub.put("@type", "Hub");
        hub.put("id", id);
        hub.put("href", base + "/hub/" + id);
        hub.put("callback", callback);
        hub.put("query", query);
        return hub;
    }
}
