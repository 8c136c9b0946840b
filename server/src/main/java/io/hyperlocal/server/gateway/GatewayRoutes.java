package io.hyperlocal.server.gateway;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.database.WouldBlock;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Mounts {@code /v1} on the HTTP server. Completions are served on the event loop that received them
 * while everything admission needs is in memory and the engines start without heavy work, and move to
 * a worker thread at the first database call admission would make, or for a model that llama.cpp
 * serves in this process ({@link WouldBlock}); embeddings (CPU-bound) and model lists run on workers.
 * Remote engines stream back on the caller's loop, other engines on their own threads. Whatever goes
 * wrong, the client gets an OpenAI error body and the server keeps serving.
 */
@ApplicationScoped
public class GatewayRoutes {
    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /** The endpoints and the one method each accepts, for 405 answers. */
    private static final Map<String, String> METHODS = Map.of(
            "/v1/chat/completions", "POST",
            "/v1/completions", "POST",
            "/v1/embeddings", "POST",
            "/v1/models", "GET");

    private final HyperlocalConfig config;
    private final CompletionsHandler completions;
    private final EmbeddingsHandler embeddings;
    private final ModelsHandler models;
    private final GatewayMetrics metrics;
    private final RequestIds ids = new RequestIds();

    @Inject
    public GatewayRoutes(HyperlocalConfig config, CompletionsHandler completions, EmbeddingsHandler embeddings,
            ModelsHandler models, GatewayMetrics metrics) {
        this.config = config;
        this.completions = completions;
        this.embeddings = embeddings;
        this.models = models;
        this.metrics = metrics;
    }

    void mount(@Observes Router router) {
        String site = config.gateway().site();
        router.route("/v1/*").order(-100).handler(context -> {
            Exchange.begin(context, site, ids);
            context.next();
        }).failureHandler(this::failure);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.gateway().maxRequestBytes());
        router.post("/v1/chat/completions").order(-90).handler(body)
                .handler(onLoopFirst(context -> completions.handle(context, CompletionCall.Kind.CHAT)));
        router.post("/v1/completions").order(-90).handler(body)
                .handler(onLoopFirst(context -> completions.handle(context, CompletionCall.Kind.TEXT)));
        router.post("/v1/embeddings").order(-90).handler(body).blockingHandler(guard(embeddings::handle), false);
        router.get("/v1/models").order(-90).blockingHandler(guard(models::list), false);
        router.get("/v1/models/:model").order(-90).blockingHandler(guard(models::one), false);
        router.route("/v1/*").order(-80).handler(this::unknownRoute);
    }

    /**
     * Runs {@code handler} on the event loop; when it would wait for the database (it throws
     * {@link WouldBlock} before changing anything), runs it again from the start on a worker thread.
     */
    private Handler<RoutingContext> onLoopFirst(Handler<RoutingContext> handler) {
        Handler<RoutingContext> onWorker = guard(handler);
        return context -> {
            try {
                WouldBlock.attempt(() -> handler.handle(context));
            } catch (WouldBlock e) {
                metrics.movedToWorker();
                context.vertx().executeBlocking(() -> {
                    onWorker.handle(context);
                    return null;
                }, false);
            } catch (RuntimeException e) {
                respond(context, e);
            }
        };
    }

    /** Turns any exception of a handler into the error response, so no request is left hanging. */
    private Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
        return context -> {
            try {
                handler.handle(context);
            } catch (RuntimeException e) {
                respond(context, e);
            }
        };
    }

    private void unknownRoute(RoutingContext context) {
        String path = context.request().path();
        String method = METHODS.get(path);
        if (method == null && path.startsWith("/v1/models/")) {
            method = "GET";
        }
        if (method != null && !method.equals(context.request().method().name())) {
            context.response().putHeader("allow", method);
            respond(context, new HyperlocalException(ErrorCode.METHOD_NOT_ALLOWED,
                    "Method " + context.request().method() + " is not allowed on " + path + "; use " + method + "."));
            return;
        }
        respond(context, new HyperlocalException(ErrorCode.UNKNOWN_URL, "Unknown request URL: "
                + context.request().method() + " " + path
                + ". The endpoints are /v1/chat/completions, /v1/completions, /v1/embeddings and /v1/models."));
    }

    private void failure(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure == null && context.statusCode() == 413) {
            respond(context, new HyperlocalException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit of " + config.gateway().maxRequestBytes()
                            + " bytes (hyperlocal.gateway.max-request-bytes)."));
        } else if (failure != null) {
            respond(context, failure);
        } else {
            respond(context, new HyperlocalException(ErrorCode.INTERNAL,
                    "The request failed with status " + context.statusCode() + "."));
        }
    }

    private void respond(RoutingContext context, Throwable failure) {
        HyperlocalException error;
        if (failure instanceof HyperlocalException known) {
            error = known;
        } else if (failure instanceof io.vertx.ext.web.handler.HttpException http && http.getStatusCode() == 413) {
            error = new HyperlocalException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the limit of "
                    + config.gateway().maxRequestBytes() + " bytes (hyperlocal.gateway.max-request-bytes).");
        } else {
            LOG.errorf(failure, "Unexpected failure on %s %s", context.request().method(), context.request().path());
            error = new HyperlocalException(ErrorCode.INTERNAL,
                    "The server had an error while processing your request (" + failure.getClass().getSimpleName()
                            + "). The request id in x-request-id finds it in the server log.");
        }
        Exchange exchange = context.get(Exchange.KEY);
        if (exchange == null) {
            exchange = Exchange.begin(context, config.gateway().site(), ids);
        }
        metrics.error(exchange.endpoint(), error.code().code());
        metrics.request(exchange.endpoint(), "", config.gateway().site(), error.code().httpStatus());
        exchange.fail(error);
    }
}
