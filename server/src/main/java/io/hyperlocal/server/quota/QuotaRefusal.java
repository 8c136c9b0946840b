package io.hyperlocal.server.quota;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.Map;

/**
 * A request refused by a limit ({@code rate_limit_exceeded}) or an exhausted allowance
 * ({@code insufficient_quota}), with the response headers that say which limit and when to retry:
 * {@code Retry-After} and OpenAI's {@code x-ratelimit-*}. The gateway adds them to the error answer.
 */
public final class QuotaRefusal extends HyperlocalException {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> headers;

    public QuotaRefusal(ErrorCode code, String message, Map<String, String> headers) {
        super(code, message);
        this.headers = Map.copyOf(headers);
    }

    /** Response headers, lower case names. */
    public Map<String, String> headers() {
        return headers;
    }
}
