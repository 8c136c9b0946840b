package io.hyperlocal.core;

/**
 * The closed set of error categories. Each maps once to an HTTP status and to the {@code type}
 * field of the OpenAI error body, so every module reports failures the same way.
 */
public enum ErrorCategory {
    INVALID_REQUEST(400, "invalid_request_error"),
    AUTHENTICATION(401, "authentication_error"),
    PERMISSION(403, "permission_error"),
    NOT_FOUND(404, "not_found_error"),
    QUOTA(429, "rate_limit_error"),
    RESIDENCY(403, "residency_error"),
    CAPACITY(503, "capacity_error"),
    UPSTREAM(502, "upstream_error"),
    INTERNAL(500, "server_error");

    private final int httpStatus;
    private final String openAiType;

    ErrorCategory(int httpStatus, String openAiType) {
        this.httpStatus = httpStatus;
        this.openAiType = openAiType;
    }

    /** The HTTP status a response in this category carries unless its code overrides it. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The value of {@code error.type} in the OpenAI error body. */
    public String openAiType() {
        return openAiType;
    }
}
