package io.hyperlocal.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.tmf.common.TmfFrameworkErrors;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * The framework's own refusals (unknown path 404, wrong method 405, no acceptable type 406, wrong
 * content type 415) come without a body. On the admin, console and federation APIs they get the
 * OpenAI error body every other refusal there has, so that a script or a person sees what went wrong;
 * on {@code /tmf-api} the TMF {@code Error} shape; anywhere else (the console's pages) they stay as
 * they are. One mapper for all: JAX-RS allows one per exception type.
 */
@Provider
public class FrameworkErrorMapper implements ExceptionMapper<WebApplicationException> {
    /** The JSON APIs served through JAX-RS whose errors have the OpenAI shape. */
    private static final List<String> OPENAI_SHAPED = List.of("/admin/", "/console/api/", "/federation/");
    private static final ErrorMapper ERRORS = new ErrorMapper();

    @Context
    UriInfo uri;

    @Context
    Request request;

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException error) {
        Response original = error.getResponse();
        if (uri == null) {
            return original;
        }
        String path = uri.getPath();
        if (TmfFrameworkErrors.covers(path)) {
            return TmfFrameworkErrors.response(error, path);
        }
        if (OPENAI_SHAPED.stream().noneMatch(root -> (path + "/").startsWith(root)) || original.hasEntity()) {
            return original;
        }
        String call = (request == null ? "" : request.getMethod() + " ") + path;
        HyperlocalException refusal = switch (error) {
            case NotFoundException e -> new HyperlocalException(ErrorCode.UNKNOWN_URL, "Unknown request URL: " + call
                    + ". The endpoints are listed in the README's API section.");
            // The framework's refusal does not say which methods the URL takes; the README's table does.
            case NotAllowedException e -> new HyperlocalException(ErrorCode.METHOD_NOT_ALLOWED,
                    "Method not allowed: " + call + ". The README's API section lists each URL's methods.");
            case NotAcceptableException e -> new HyperlocalException(ErrorCode.NOT_ACCEPTABLE, call
                    + " cannot answer in '" + headers.getHeaderString(HttpHeaders.ACCEPT)
                    + "': these APIs answer in application/json (the usage export in text/csv).", "Accept");
            case NotSupportedException e -> new HyperlocalException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type '" + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + "' for " + call
                            + ": send the body as application/json.", "Content-Type");
            default -> {
                if (original.getStatus() == 400 && jsonFailure(error) instanceof JsonProcessingException json) {
                    yield new HyperlocalException(ErrorCode.INVALID_JSON, "The body of " + call
                            + " cannot be read as JSON: " + json.getOriginalMessage() + ".");
                }
                yield null;
            }
        };
        return refusal == null ? original : ERRORS.toResponse(refusal);
    }

    /** The framework wraps the parser's exception in its 400; null when the 400 has another cause. */
    private static JsonProcessingException jsonFailure(Throwable error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }
}
