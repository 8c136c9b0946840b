package io.hyperlocal.server.admin;

import io.hyperlocal.core.HyperlocalException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin and console APIs answer errors with the same body as {@code /v1}. */
@Provider
public class ErrorMapper implements ExceptionMapper<HyperlocalException> {
    @Override
    public Response toResponse(HyperlocalException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.put("type", error.code().category().openAiType());
        body.put("param", error.param().orElse(null));
        body.put("code", error.code().code());
        return Response.status(error.code().httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", body)).build();
    }
}
