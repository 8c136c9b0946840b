package io.hyperlocal.server.tmf.common;

import io.hyperlocal.core.ErrorCode;
import java.util.Objects;

/**
 * A failure of a TM Forum API call, answered with the TMF {@code Error} body: an HTTP status, a
 * stable {@link #code()}, a short {@link #reason()}, a diagnostic message and, for bad input, the
 * attribute at fault in {@link #referenceError()}.
 */
public class TmfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String reason;
    private final String referenceError;

    public TmfException(int status, String code, String reason, String message, String referenceError) {
        super(Objects.requireNonNull(message, "message is null"));
        this.status = status;
        this.code = Objects.requireNonNull(code, "code is null");
        this.reason = Objects.requireNonNull(reason, "reason is null");
        this.referenceError = Objects.requireNonNull(referenceError, "referenceError is null");
    }

    /** A failure with one of the platform's stable codes, at its HTTP status. */
    public TmfException(ErrorCode code, String reason, String message, String referenceError) {
        this(code.httpStatus(), code.code(), reason, message, referenceError);
    }

    /** 400: {@code field} (a path such as {@code productOrderItem[0].action}) is wrong. */
    public static TmfException badRequest(String field, String message) {
        return new TmfException(ErrorCode.INVALID_VALUE, "Invalid value of " + field, message, field);
    }

    /** 400: {@code field} is required and missing. */
    public static TmfException missing(String field, String message) {
        return new TmfException(ErrorCode.MISSING_PARAMETER, "Missing " + field, message, field);
    }

    /** 400: attributes that the resource does not have (typos must not pass silently). */
    public static TmfException unknown(String fields, String message) {
        return new TmfException(ErrorCode.UNKNOWN_PARAMETER, "Unknown attribute " + fields, message, fields);
    }

    public static TmfException notFound(String resource, String id) {
        return new TmfException(ErrorCode.NOT_FOUND, resource + " not found",
                "No " + resource + " with id '" + id + "'. List them with GET .../" + resource + ".", "id");
    }

    public static TmfException conflict(String field, String message) {
        return new TmfException(ErrorCode.CONFLICT, "Conflict on " + field, message, field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public String referenceError() {
        return referenceError;
    }
}
