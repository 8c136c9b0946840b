package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.embedding.MiniLmEmbedder;
import io.hyperlocal.engines.embedding.TextEmbedding;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Authenticator;
import io.hyperlocal.server.access.Principal;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.metering.MeteredRequest;
import io.hyperlocal.server.metering.UsageMeter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/embeddings}: all-MiniLM-L6-v2 in the gateway's own JVM, so the text never leaves
 * the gateway's site. Vectors come back as floats or, with {@code encoding_format: base64}, as
 * little-endian float32 bytes in base64, as OpenAI sends them.
 */
@ApplicationScoped
public class EmbeddingsHandler {
    static final String MODEL_ID = MiniLmEmbedder.MODEL_ID;
    static final int DIMENSIONS = MiniLmEmbedder.DIMENSIONS;
    private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private final Admission admission;
    private final MiniLmEmbedder embedder;
    private final GatewayMetrics metrics;
    private final HyperlocalConfig config;
    private final Routing routing;
    private final UsageMeter meter;

    @Inject
    public EmbeddingsHandler(Admission admission, GatewayMetrics metrics, HyperlocalConfig config, Routing routing,
            UsageMeter meter) {
        this.meter = meter;
        this.routing = routing;
        this.admission = admission;
        this.metrics = metrics;
        this.config = config;
        this.embedder = new MiniLmEmbedder();
    }

    void handle(RoutingContext context) {
        Exchange exchange = Exchange.of(context);
        Principal principal = admission.authenticate(exchange.header("authorization"),
                exchange.header(Authenticator.SUBSCRIBER_HEADER));
        Fields fields = Fields.body(CompletionsHandler.body(context));
        fields.rejectUnknown(KNOWN);
        String model = Model.read(fields);
        List<String> inputs = inputs(fields.required("input"));
        boolean base64 = encoding(fields);
        fields.integer("dimensions", 1, 100_000).ifPresent(dimensions -> {
            if (dimensions != DIMENSIONS) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER, "Invalid 'dimensions': "
                        + MODEL_ID + " has " + DIMENSIONS + " dimensions and cannot shorten them, got " + dimensions + ".",
                        "dimensions");
            }
        });
        fields.string("user");
        if (!model.equals(MODEL_ID)) {
            throw new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model
                    + "' does not exist or is not an embedding model. Use '" + MODEL_ID + "'.", "model");
        }
        routing.requireGatewayAllowed(principal, exchange.header(io.hyperlocal.routing.RequesterJurisdiction.HEADER));
        Admission.Ticket ticket = admission.admit(principal,
                new Admission.Request(exchange.requestId(), model, 0, PromptSize.utf8Bytes(inputs)));
        MeteredRequest metered = meter.open(ticket, exchange.endpoint(), exchange.startedNanos());
        metered.dispatched();
        String site = config.gateway().site();
        TokenUsage usage = TokenUsage.NONE;
        try {
            exchange.headers(ticket.headers());
            if (!ticket.residencyTags().isEmpty()) {
                routing.requireGatewayAllowed(principal, Routing.narrowing(ticket.residencyTags(),
                        exchange.header(io.hyperlocal.routing.RequesterJurisdiction.HEADER)));
            }
            List<TextEmbedding> vectors = embedder.embed(inputs);
            int tokens = vectors.stream().mapToInt(TextEmbedding::tokens).sum();
            usage = new TokenUsage(tokens, 0);
            var body = Json.write(json -> {
                json.writeStartObject();
                json.writeStringField("object", "list");
                json.writeArrayFieldStart("data");
                for (int i = 0; i < vectors.size(); i++) {
                    json.writeStartObject();
                    json.writeStringField("object", "embedding");
                    json.writeNumberField("index", i);
                    float[] values = vectors.get(i).vector();
                    if (base64) {
                        json.writeStringField("embedding", base64(values));
                    } else {
                        json.writeArrayFieldStart("embedding");
                        for (float value : values) {
                            json.writeNumber(value);
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeStringField("model", MODEL_ID);
                json.writeObjectFieldStart("usage");
                json.writeNumberField("prompt_tokens", tokens);
                json.writeNumberField("total_tokens", tokens);
                json.writeEndObject();
                json.writeEndObject();
            });
            // Durable before the body is sent, as for completions.
            metered.completed(site, usage);
            context.response().putHeader("content-type", "application/json").end(body);
            metrics.request(exchange.endpoint(), MODEL_ID, config.gateway().site(), 200);
            metrics.tokens(config.gateway().site(), MODEL_ID, tokens, 0);
        } catch (RuntimeException e) {
            metered.failed(site, usage, e instanceof HyperlocalException known ? known.code() : ErrorCode.INTERNAL);
            throw e;
        } finally {
            admission.settle(ticket, usage);
        }
    }

    private List<String> inputs(JsonNode input) {
        List<String> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(input.textValue());
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                        "Invalid 'input': empty array. Expected an array with minimum length 1.", "input");
            }
            if (input.size() > config.gateway().maxEmbeddingInputs()) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid 'input': array too long. Expected at most "
                        + config.gateway().maxEmbeddingInputs() + " inputs, but got " + input.size() + ".", "input");
            }
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (item.isNumber() || item.isArray()) {
                    throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                            "Token arrays as 'input' are not supported: send the text instead.", "input");
                }
                if (!item.isTextual()) {
                    throw Fields.wrongType("input[" + i + "]", "a string", item);
                }
                inputs.add(item.textValue());
            }
        } else {
            throw Fields.wrongType("input", "a string or an array of strings", input);
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isEmpty()) {
                String param = input.isArray() ? "input[" + i + "]" : "input";
                throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                        "Invalid '" + param + "': empty string. Each input must contain text.", input.isArray() ? param : "input");
            }
        }
        return inputs;
    }

    private static boolean encoding(Fields fields) {
        String format = fields.string("encoding_format").orElse("float");
        return switch (format) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid value: '" + format
                    + "'. Supported values are: 'float' and 'base64'.", "encoding_format");
        };
    }

    private static String base64(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
