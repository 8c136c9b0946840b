package io.hyperlocal.server.tmf.common;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The TMF answers: lists with their count headers, 201 with {@code Location}, single resources. */
public final class TmfResponses {
    private TmfResponses() {}

    /** 200 with the page, {@code X-Total-Count} (all matches) and {@code X-Result-Count} (this page). */
    public static Response list(TmfStore.Page page, ListQuery query) {
        ArrayNode body = TmfJson.MAPPER.createArrayNode();
        page.rows().forEach(row -> body.add(query.select(row.document())));
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON)
                .header("X-Total-Count", page.total())
                .header("X-Result-Count", page.rows().size())
                .build();
    }

    public static Response one(ObjectNode document, ListQuery query) {
        return Response.ok(query.select(document).toString(), MediaType.APPLICATION_JSON).build();
    }

    public static Response created(ObjectNode document) {
        return Response.created(URI.create(document.get("href").asText()))
                .entity(document.toString()).type(MediaType.APPLICATION_JSON).build();
    }
}
