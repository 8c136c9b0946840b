package io.hyperlocal.server.gateway;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.quota.QuotaRefusal;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * One {@code /v1} request as the gateway tracks it: its id, when it started, which endpoint, and the
 * response headers every answer carries ({@code x-request-id}, {@code x-hyperlocal-site}).
 */
final class Exchange {
    static final String KEY = "hyperlocal.exchange";
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RoutingContext context;
    private final String requestId;
    private final String endpoint;
    private final long startedNanos;
    private final long startedAtEpochSeconds;

    private Exchange(RoutingContext context, String requestId, String endpoint) {
        this.context = context;
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.startedNanos = System.nanoTime();
        this.startedAtEpochSeconds = System.currentTimeMillis() / 1000;
    }

    /** Creates the exchange of a new request, with its id and the gateway's site as first headers. */
    static Exchange begin(RoutingContext context, String gatewaySite, RequestIds ids) {
        // The request id is always ours: it is the id of the request's usage record, unique per
        // gateway, so a caller repeating its own id can never merge two requests in the ledger. A
        // caller's own id (OpenAI's x-client-request-id, or x-request-id) is echoed back when sane,
        // so that its logs and ours line up.
        String requestId = ids.next();
        Exchange exchange = new Exchange(context, requestId, endpointOf(context.request().path()));
        context.put(KEY, exchange);
        context.response().putHeader("x-request-id", requestId).putHeader("x-hyperlocal-site", gatewaySite);
        String offered = context.request().getHeader("x-client-request-id");
        if (offered == null) {
            offered = context.request().getHeader("x-request-id");
        }
        if (offered != null && CLIENT_REQUEST_ID.matcher(offered).matches()) {
            context.response().putHeader("x-client-request-id", offered);
        }
        return exchange;
    }

    static Exchange of(RoutingContext context) {
        Exchange exchange = context.get(KEY);
        if (exchange == null) {
            throw new IllegalStateException("no exchange for " + context.request().path());
        }
        return exchange;
    }

    private static String endpointOf(String path) {
        return switch (path) {
            case "/v1/chat/completions" -> "chat.completions";
            case "/v1/completions" -> "completions";
            case "/v1/embeddings" -> "embeddings";
            case "/v1/models" -> "models";
            default -> path.startsWith("/v1/models/") ? "models" : "other";
        };
    }

    String requestId() {
        return requestId;
    }

    String endpoint() {
        return endpoint;
    }

    long startedNanos() {
        return startedNanos;
    }

    long startedAtEpochSeconds() {
        return startedAtEpochSeconds;
    }

    HttpServerResponse response() {
        return context.response();
    }

    String header(String name) {
        String value = context.request().getHeader(name);
        return value == null ? "" : value;
    }

    void site(String siteId) {
        if (!context.response().headWritten()) {
            context.response().putHeader("x-hyperlocal-site", siteId);
        }
    }

    void routeSummary(String summary) {
        if (!context.response().headWritten()) {
            context.response().putHeader("x-hyperlocal-route", summary);
        }
    }

    /** Adds headers to the answer, unless it has started. */
    void headers(java.util.Map<String, String> headers) {
        if (!context.response().headWritten()) {
            headers.forEach(context.response()::putHeader);
        }
    }

    /** Answers with the OpenAI error body, unless the response has already started. */
    void fail(HyperlocalException error) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end(CompletionJson.event(OpenAiErrors.body(error)));
            return;
        }
        response.setStatusCode(error.code().httpStatus()).putHeader("content-type", "application/json");
        if (error.code() == ErrorCode.ENGINE_OVERLOADED || error.code() == ErrorCode.NO_CAPACITY) {
            response.putHeader("retry-after", "1");
        }
        if (error instanceof QuotaRefusal refusal) {
            // Which limit refused, and when to retry (Retry-After, x-ratelimit-*).
            refusal.headers().forEach(response::putHeader);
        }
        response.end(OpenAiErrors.body(error));
    }
}
