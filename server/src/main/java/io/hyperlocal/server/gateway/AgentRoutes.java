package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The OpenAI-compatible API of one site agent ({@code ./hyperlocal site}), for the control plane's
 * gateway: {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models}, vLLM's
 * {@code /metrics} and {@code /health}. It parses with the gateway's own parsers and answers with its
 * JSON, but has no admission, routing or failover: a request goes straight to the engine serving its
 * model. A chat whose last message is the assistant's, with {@code continue_final_message: true}
 * (what the gateway sends when it moves a broken stream here), is continued from that message.
 * Every call but {@code /health} needs the federation token as bearer.
 */
public final class AgentRoutes {
    private static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final String siteId;
    private final List<InferenceEngine> engines;
    private final byte[] token;
    private final RequestIds ids = new RequestIds();
    private final long created = System.currentTimeMillis() / 1000;

    public AgentRoutes(String siteId, List<InferenceEngine> engines, String token) {
        this.siteId = Objects.requireNonNull(siteId, "siteId is null");
        this.engines = List.copyOf(Objects.requireNonNull(engines, "engines is null"));
        this.token = Objects.requireNonNull(token, "token is null").getBytes(StandardCharsets.UTF_8);
        if (token.isBlank()) {
            throw new IllegalArgumentException("token is blank");
        }
    }

    public void mount(Router router) {
        router.get("/health").handler(context -> context.response().putHeader("content-type", "application/json")
                .end("{\"status\":\"up\",\"site\":\"" + siteId + "\"}"));
        router.route("/v1/*").handler(context -> {
            Exchange.begin(context, siteId, ids);
            context.next();
        });
        router.route("/metrics").handler(context -> {
            Exchange.begin(context, siteId, ids);
            context.next();
        });
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BYTES);
        router.post("/v1/chat/completions").handler(body)
                .blockingHandler(guard(context -> complete(context, CompletionCall.Kind.CHAT)), false);
        router.post("/v1/completions").handler(body)
                .blockingHandler(guard(context -> complete(context, CompletionCall.Kind.TEXT)), false);
        router.get("/v1/models").handler(guard(this::models));
        router.get("/metrics").handler(guard(this::metrics));
        router.route("/v1/*").handler(guard(context -> {
            throw new HyperlocalException(ErrorCode.UNKNOWN_URL, "Unknown request URL: " + context.request().method()
                    + " " + context.request().path() + ". A site agent serves /v1/chat/completions, /v1/completions "
                    + "and /v1/models.");
        }));
    }

    private Handler<RoutingContext> guard(Handler<RoutingContext> handler) {
        return context -> {
            try {
                authenticate(context);
                handler.handle(context);
            } catch (HyperlocalException e) {
                Exchange.of(context).fail(e);
            } catch (RuntimeException e) {
                Exchange.of(context).fail(new HyperlocalException(ErrorCode.INTERNAL, "Site " + siteId
                        + " failed on " + context.request().path() + ": " + e));
            }
        };
    }

    private void authenticate(RoutingContext context) {
        String authorization = context.request().getHeader("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new HyperlocalException(ErrorCode.MISSING_API_KEY, "Site " + siteId
                    + " needs the federation token in 'Authorization: Bearer <token>'.");
        }
        String offered = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token)) {
            throw new HyperlocalException(ErrorCode.INVALID_API_KEY, "Site " + siteId + " was sent another token "
                    + "than its federation token (the agent's 'token' or HYPERLOCAL_FEDERATION_TOKEN).");
        }
    }

    private void complete(RoutingContext context, CompletionCall.Kind kind) {
        Exchange exchange = Exchange.of(context);
        JsonNode body = CompletionsHandler.body(context);
        CompletionCall call = switch (kind) {
            case CHAT -> ChatRequestParser.parse(body, true);
            case TEXT -> TextRequestParser.parse(body);
        };
        InferenceEngine engine = engines.stream()
                .filter(candidate -> candidate.models().stream().anyMatch(model -> model.id().equals(call.model())))
                .findFirst()
                .orElseThrow(() -> new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "Site " + siteId
                        + " does not serve the model '" + call.model() + "'. GET /v1/models lists its models.", "model"));
        new AgentStream(exchange, call, request(exchange, call, body), engine).start();
    }

    /** The engine's request; a chat that continues its last (assistant) message gets it as the prefix. */
    private static GenerationRequest request(Exchange exchange, CompletionCall call, JsonNode body) {
        if (call.prompt() instanceof Prompt.Chat chat && body.path("continue_final_message").asBoolean(false)) {
            List<ChatMessage> messages = chat.messages();
            if (messages.size() < 2) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE, "'continue_final_message' needs the "
                        + "conversation before the assistant message it continues.", "messages");
            }
            return new GenerationRequest(exchange.requestId(), call.model(),
                    new Prompt.Chat(messages.subList(0, messages.size() - 1)), call.sampling(),
                    messages.get(messages.size() - 1).content());
        }
        return new GenerationRequest(exchange.requestId(), call.model(), call.prompt(), call.sampling());
    }

    private void models(RoutingContext context) {
        context.response().putHeader("content-type", "application/json").end(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (InferenceEngine engine : engines) {
                for (ModelInfo model : engine.models()) {
                    json.writeStartObject();
                    json.writeStringField("id", model.id());
                    json.writeStringField("object", "model");
                    json.writeNumberField("created", created);
                    json.writeStringField("owned_by", model.simulated() ? "hyperlocal-simulated" : "hyperlocal");
                    json.writeNumberField("max_model_len", model.contextLength());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    /** vLLM's Prometheus text: a simulated engine's own, the three load gauges for the others. */
    private void metrics(RoutingContext context) {
        StringBuilder text = new StringBuilder();
        for (InferenceEngine engine : engines) {
            if (engine instanceof SimulatedEngine simulated) {
                text.append(simulated.vllmMetrics());
                continue;
            }
            EngineLoad load = engine.load();
            for (ModelInfo model : engine.models()) {
                String labels = "{model_name=\"" + model.id().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
                text.append("vllm:num_requests_running").append(labels).append(' ').append(load.running()).append('\n');
                text.append("vllm:num_requests_waiting").append(labels).append(' ').append(load.waiting()).append('\n');
                text.append("vllm:kv_cache_usage_perc").append(labels).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", load.kvCacheUsage())).append('\n');
            }
        }
        context.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text.toString());
    }
}
