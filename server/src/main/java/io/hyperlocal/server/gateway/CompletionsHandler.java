package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.routing.RequesterJurisdiction;
import io.hyperlocal.routing.Route;
import io.hyperlocal.routing.RoutingRequest;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Authenticator;
import io.hyperlocal.server.access.Principal;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.database.WouldBlock;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.RouteLog;
import io.hyperlocal.server.metering.MeteredRequest;
import io.hyperlocal.server.metering.UsageMeter;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;

/** {@code POST /v1/chat/completions} and {@code POST /v1/completions}: authenticate, parse, admit, route, dispatch. */
@Singleton
public class CompletionsHandler {
    private final Admission admission;
    private final Federation federation;
    private final Routing routing;
    private final GatewayMetrics metrics;
    private final HyperlocalConfig config;
    private final RouteLog routeLog;
    private final CircuitBreakers breakers;
    private final UsageMeter meter;

    @Inject
    public CompletionsHandler(Admission admission, Federation federation, Routing routing, GatewayMetrics metrics,
            HyperlocalConfig config, RouteLog routeLog, CircuitBreakers breakers, UsageMeter meter) {
        this.meter = meter;
        this.breakers = breakers;
        this.config = config;
        this.routeLog = routeLog;
        this.admission = admission;
        this.federation = federation;
        this.routing = routing;
        this.metrics = metrics;
    }

    void handle(RoutingContext context, CompletionCall.Kind kind) {
        Exchange exchange = Exchange.of(context);
        Principal principal = admission.authenticate(exchange.header("authorization"),
                exchange.header(Authenticator.SUBSCRIBER_HEADER));
        JsonNode body = body(context);
        CompletionCall call = switch (kind) {
            case CHAT -> ChatRequestParser.parse(body);
            case TEXT -> TextRequestParser.parse(body);
        };
        if (call.model().equals(EmbeddingsHandler.MODEL_ID)) {
            // It is listed by /v1/models, so "does not exist" would send the caller looking for a typo.
            throw new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + call.model()
                    + "' is an embedding model: POST /v1/embeddings serves it, not " + context.request().path()
                    + ". GET /v1/models lists the models served.", "model");
        }
        if (!federation.serves(call.model())) {
            throw new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + call.model()
                    + "' does not exist or you do not have access to it. GET /v1/models lists the models served.",
                    "model");
        }
        if (federation.dispatchMayBlock(call.model())) {
            // Tokenising a long prompt takes milliseconds: not on an event loop. Nothing has changed yet.
            WouldBlock.check();
        }
        Admission.Ticket ticket = admission.admit(principal, new Admission.Request(exchange.requestId(), call.model(),
                Math.max(-1, call.sampling().maxTokens()), PromptSize.utf8Bytes(call.prompt())));
        MeteredRequest metered = meter.open(ticket, exchange.endpoint(), exchange.startedNanos());
        try {
            exchange.headers(ticket.headers());
            call = clamped(call, ticket);
            RoutingRequest request = routing.request(exchange.requestId(), call.model(), principal,
                    Routing.narrowing(ticket.residencyTags(), exchange.header(RequesterJurisdiction.HEADER)),
                    exchange.header("x-session-id"), call.prompt());
            Route route = routing.route(request);
            RouteLog.Logged logged = routeLog.record(route);
            new CompletionStream(exchange, call, route,
                    new CompletionStream.Dispatch(federation, admission, ticket, metrics,
                            config.gateway().maxMigrations(), routing, request, routeLog, logged, breakers,
                            config.gateway().maxAttempts(), metered)).start();
        } catch (RuntimeException e) {
            // Refused after admission (no allowed site, no engine took it): a failed record, no tokens.
            metered.failed("", TokenUsage.NONE, e instanceof HyperlocalException known ? known.code() : ErrorCode.INTERNAL);
            admission.settle(ticket, TokenUsage.NONE);
            if (e instanceof WouldBlock) {
                // Only admission may ask for a worker: running the request again now would admit it twice.
                throw new IllegalStateException("a database call on the event loop after admission", e);
            }
            throw e;
        }
    }

    /**
     * The call limited to the ticket's generation limit when the caller set no {@code max_tokens}:
     * admission reserved that many tokens for the completion, and usage must stay within it.
     */
    private static CompletionCall clamped(CompletionCall call, Admission.Ticket ticket) {
        if (call.sampling().maxTokens() != SamplingParameters.UNLIMITED || ticket.generationLimit() < 1) {
            return call;
        }
        return new CompletionCall(call.kind(), call.model(), call.prompt(),
                call.sampling().withMaxTokens(ticket.generationLimit()), call.stream(), call.includeUsage(), call.user());
    }

    static JsonNode body(RoutingContext context) {
        var buffer = context.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON,
                    "The request body is empty. The API expects a JSON object, for example "
                            + "{\"model\": \"...\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}.");
        }
        String contentType = context.request().getHeader("content-type");
        if (contentType != null && !contentType.isBlank() && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new HyperlocalException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported content type '" + contentType + "': send the body as application/json.");
        }
        String encoding = context.request().getHeader("content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            // The server does not inflate request bodies: parsed as JSON, a gzip body would be reported
            // as an illegal control character, which sends the caller looking in the wrong place.
            throw new HyperlocalException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Encoding '"
                    + encoding + "': send the body uncompressed, as application/json.");
        }
        try {
            return Json.read(buffer);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw new HyperlocalException(ErrorCode.INVALID_JSON, "We could not parse the JSON body of your request: "
                    + Json.parseProblem(e) + where + ". The API expects a JSON object.");
        } catch (IOException e) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON,
                    "We could not read the JSON body of your request: " + e.getMessage());
        }
    }
}
