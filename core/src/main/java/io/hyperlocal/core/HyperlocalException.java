package io.hyperlocal.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception every module throws for a failure a caller should see. It carries a
 * stable {@link ErrorCode} and, for invalid requests, the name of the offending parameter.
 */
public class HyperlocalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String param;

    public HyperlocalException(ErrorCode code, String message) {
        this(code, message, "", null);
    }

    public HyperlocalException(ErrorCode code, String message, String param) {
        this(code, message, param, null);
    }

    public HyperlocalException(ErrorCode code, String message, String param, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.code = Objects.requireNonNull(code, "code is null");
        this.param = Objects.requireNonNull(param, "param is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** The request parameter at fault, for example {@code messages[0].content}. */
    public Optional<String> param() {
        return param.isEmpty() ? Optional.empty() : Optional.of(param);
    }

    public static HyperlocalException invalidValue(String param, String message) {
        return new HyperlocalException(ErrorCode.INVALID_VALUE, message, param);
    }
}
