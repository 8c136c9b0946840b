package io.hyperlocal.server.tmf.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link TmfException} with the TMF {@code Error} body. */
@Provider
public class TmfErrorMapper implements ExceptionMapper<TmfException> {
    @Override
    public Response toResponse(TmfException error) {
        return TmfErrors.response(error);
    }
}
