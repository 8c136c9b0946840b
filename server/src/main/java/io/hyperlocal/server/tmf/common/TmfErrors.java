package io.hyperlocal.server.tmf.common;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The TMF {@code Error} body: {@code @type, code, reason, message, status, referenceError}. */
public final class TmfErrors {
    private TmfErrors() {}

    public static Response response(TmfException error) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("@type", "Error");
        body.put("code", error.code());
        body.put("reason", error.reason());
        body.put("message", error.getMessage());
        body.put("status", Integer.toString(error.status()));
        if (!error.referenceError().isEmpty()) {
            body.put("referenceError", error.referenceError());
        }
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(body.toString()).build();
    }
}
