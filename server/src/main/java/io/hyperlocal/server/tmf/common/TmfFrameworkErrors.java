package io.hyperlocal.server.tmf.common;

import io.hyperlocal.core.ErrorCode;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The framework's own refusals (unknown path 404, wrong method 405, wrong content type 415) on
 * {@code /tmf-api} in the TMF {@code Error} shape; {@code admin.FrameworkErrorMapper} sends them here.
 */
public final class TmfFrameworkErrors {
    private TmfFrameworkErrors() {}

    public static boolean covers(String path) {
        return path.startsWith(TmfPaths.ROOT);
    }

    public static Response response(WebApplicationException error, String path) {
        Response original = error.getResponse();
        int status = original.getStatus();
        TmfException tmf = switch (error) {
            case NotAllowedException e -> new TmfException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed",
                    "This method is not allowed on " + path + ".", "");
            case NotSupportedException e -> new TmfException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Send the body as application/json (PATCH also takes application/merge-patch+json).",
                    "Content-Type");
            default -> status == 404
                    ? new TmfException(ErrorCode.UNKNOWN_URL, "Unknown URL", "No TMF resource at " + path
                            + ". The APIs live under " + TmfPaths.CATALOG + ", " + TmfPaths.ORDERING + ", "
                            + TmfPaths.INVENTORY + " and " + TmfPaths.USAGE + ".", "")
                    : new TmfException(status, "http_" + status, original.getStatusInfo().getReasonPhrase(),
                            String.valueOf(error.getMessage()), "");
        };
        return TmfErrors.response(tmf);
    }
}
