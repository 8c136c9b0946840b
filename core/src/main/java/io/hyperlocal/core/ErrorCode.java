package io.hyperlocal.core;

/**
 * Stable error codes. The {@link #code()} string is part of the public API (it is the
 * {@code error.code} of the OpenAI error body): never rename one, only add.
 */
public enum ErrorCode {
    INVALID_JSON("invalid_json", ErrorCategory.INVALID_REQUEST, 400),
    INVALID_TYPE("invalid_type", ErrorCategory.INVALID_REQUEST, 400),
    INVALID_VALUE("invalid_value", ErrorCategory.INVALID_REQUEST, 400),
    MISSING_PARAMETER("missing_required_parameter", ErrorCategory.INVALID_REQUEST, 400),
    UNKNOWN_PARAMETER("unknown_parameter", ErrorCategory.INVALID_REQUEST, 400),
    UNSUPPORTED_PARAMETER("unsupported_parameter", ErrorCategory.INVALID_REQUEST, 400),
    CONTEXT_LENGTH_EXCEEDED("context_length_exceeded", ErrorCategory.INVALID_REQUEST, 400),
    PAYLOAD_TOO_LARGE("payload_too_large", ErrorCategory.INVALID_REQUEST, 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", ErrorCategory.INVALID_REQUEST, 415),
    METHOD_NOT_ALLOWED("method_not_allowed", ErrorCategory.INVALID_REQUEST, 405),
    /** The caller's {@code Accept} header names no type the endpoint can answer in. */
    NOT_ACCEPTABLE("not_acceptable", ErrorCategory.INVALID_REQUEST, 406),
    UNKNOWN_URL("unknown_url", ErrorCategory.NOT_FOUND, 404),
    MODEL_NOT_FOUND("model_not_found", ErrorCategory.NOT_FOUND, 404),
    MISSING_API_KEY("missing_api_key", ErrorCategory.AUTHENTICATION, 401),
    INVALID_API_KEY("invalid_api_key", ErrorCategory.AUTHENTICATION, 401),
    /** An API key that was revoked; the message says when. */
    REVOKED_API_KEY("revoked_api_key", ErrorCategory.AUTHENTICATION, 401),
    /** An API key past its {@code expires_at}; the message says when it expired. */
    EXPIRED_API_KEY("expired_api_key", ErrorCategory.AUTHENTICATION, 401),
    /** A bearer JWT that failed a check (signature, issuer, audience, time); the message names the check. */
    INVALID_TOKEN("invalid_token", ErrorCategory.AUTHENTICATION, 401),
    /** A valid credential used outside its scope (another subscriber, a subscriber not linked to the app). */
    KEY_SCOPE_MISMATCH("key_scope_mismatch", ErrorCategory.PERMISSION, 403),
    /** A valid credential that names a subscriber the operator does not know. */
    UNKNOWN_SUBSCRIBER("unknown_subscriber", ErrorCategory.PERMISSION, 403),
    MODEL_NOT_ALLOWED("model_not_allowed", ErrorCategory.PERMISSION, 403),
    /** The caller acts for a subscriber none of whose subscriptions is active. */
    NO_ACTIVE_SUBSCRIPTION("no_active_subscription", ErrorCategory.PERMISSION, 403),
    ADMIN_REQUIRED("admin_key_required", ErrorCategory.PERMISSION, 403),
    FEDERATION_DISABLED("federation_disabled", ErrorCategory.PERMISSION, 403),
    NOT_FOUND("not_found", ErrorCategory.NOT_FOUND, 404),
    CONFLICT("conflict", ErrorCategory.INVALID_REQUEST, 409),
    RATE_LIMITED("rate_limit_exceeded", ErrorCategory.QUOTA, 429),
    /** The token allowance of the period is used up (OpenAI's code for an exhausted quota). */
    INSUFFICIENT_QUOTA("insufficient_quota", ErrorCategory.QUOTA, 429),
    NO_ALLOWED_SITE("no_allowed_site", ErrorCategory.RESIDENCY, 403),
    /** The request tried to widen its residency (for example with {@code x-hyperlocal-jurisdiction}). */
    JURISDICTION_NOT_ALLOWED("jurisdiction_not_allowed", ErrorCategory.RESIDENCY, 403),
    NO_CAPACITY("no_capacity", ErrorCategory.CAPACITY, 503),
    ENGINE_OVERLOADED("engine_overloaded", ErrorCategory.CAPACITY, 429),
    ENGINE_FAILED("engine_failed", ErrorCategory.UPSTREAM, 502),
    /** The request's usage record could not be written to the journal, so its answer is withheld. */
    USAGE_NOT_RECORDED("usage_not_recorded", ErrorCategory.INTERNAL, 503),
    INTERNAL("internal_error", ErrorCategory.INTERNAL, 500);

    private final String code;
    private final ErrorCategory category;
    private final int httpStatus;

    ErrorCode(String code, ErrorCategory category, int httpStatus) {
        this.code = code;
        this.category = category;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public ErrorCategory category() {
        return category;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
