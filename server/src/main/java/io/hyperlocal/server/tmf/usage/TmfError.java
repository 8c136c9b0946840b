package io.hyperlocal.server.tmf.usage;

import io.hyperlocal.core.HyperlocalException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TM Forum's {@code Error} body: {@code code} (our stable error code), {@code reason},
 * {@code message}, {@code status} (the HTTP status, as a string), {@code @type} and, when one parameter
 * is at fault, {@code referenceError} naming it (as the other TMF APIs' errors do).
 */
final class TmfError {
    private TmfError() {}

    static Response of(HyperlocalException error) {
        int status = error.code().httpStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@type", "Error");
        body.put("code", error.code().code());
        body.put("reason", Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase());
        body.put("message", error.getMessage());
        body.put("status", Integer.toString(status));
        error.param().ifPresent(param -> body.put("referenceError", param));
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
