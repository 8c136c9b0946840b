package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Authenticator;
import io.hyperlocal.server.federation.Federation;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import io.hyperlocal.core.Site;
import io.hyperlocal.routing.RequesterJurisdiction;
import io.hyperlocal.routing.ResidencyScope;
import io.hyperlocal.server.access.Principal;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: OpenAI's model objects, plus a
 * {@code hyperlocal} object saying where each model is served and whether it is simulated. Each
 * caller sees the models it may use, at the sites its jurisdiction allows.
 * A simulated engine's model says so in {@code owned_by} too, so that no client mistakes it.
 */
@ApplicationScoped
public class ModelsHandler {
    private final Admission admission;
    private final Federation federation;
    private final Routing routing;
    private final io.hyperlocal.server.entitlement.EntitlementSource entitlements;
    private final long created = System.currentTimeMillis() / 1000;

    @Inject
    public ModelsHandler(Admission admission, Federation federation, Routing routing,
            io.hyperlocal.server.entitlement.EntitlementSource entitlements) {
        this.entitlements = entitlements;
        this.routing = routing;
        this.admission = admission;
        this.federation = federation;
    }

    void list(RoutingContext context) {
        Map<String, Federation.ServedModel> models = visible(context);
        boolean embeddings = entitled(context).test(EmbeddingsHandler.MODEL_ID);
        respond(context, Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (Federation.ServedModel model : models.values()) {
                model(json, model);
            }
            if (embeddings) {
                embeddingModel(json);
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    void one(RoutingContext context) {
        Map<String, Federation.ServedModel> models = visible(context);
        String id = context.pathParam("model");
        if (id.equals(EmbeddingsHandler.MODEL_ID) && entitled(context).test(id)) {
            respond(context, Json.write(this::embeddingModel));
            return;
        }
        Federation.ServedModel model = models.get(id);
        if (model == null) {
            throw new HyperlocalException(ErrorCode.MODEL_NOT_FOUND,
                    "The model '" + id + "' does not exist or you do not have access to it.", "model");
        }
        respond(context, Json.write(json -> model(json, model)));
    }

    /**
     * The models the caller may use: each with only the sites its residency scope admits, and none
     * that no admitted site serves (listing it would only lead to {@code no_allowed_site}).
     */
    private Map<String, Federation.ServedModel> visible(RoutingContext context) {
        Exchange exchange = Exchange.of(context);
        Principal principal = admission.authenticate(exchange.header("authorization"),
                exchange.header(Authenticator.SUBSCRIBER_HEADER));
        ResidencyScope scope = routing.scope(principal, exchange.header(RequesterJurisdiction.HEADER));
        Map<String, Site> sites = new HashMap<>();
        federation.sites().forEach(site -> sites.put(site.site().id(), site.site()));
        Map<String, Federation.ServedModel> visible = new LinkedHashMap<>();
        java.util.function.Predicate<String> entitled = entitled(principal);
        context.put(ENTITLED, entitled);
        federation.models().forEach((id, served) -> {
            if (!entitled.test(id)) {
                return;
            }
            TreeSet<String> admitted = new TreeSet<>();
            served.sites().stream().filter(site -> scope.admits(sites.get(site))).forEach(admitted::add);
            if (!admitted.isEmpty()) {
                visible.put(id, new Federation.ServedModel(served.info(), admitted));
            }
        });
        return visible;
    }

    private static final String ENTITLED = "hyperlocal.models.entitled";

    /** The models a subscriber's active subscriptions allow; every model for the operator's key. */
    private java.util.function.Predicate<String> entitled(Principal principal) {
        if (!principal.hasSubscriber()) {
            return model -> true;
        }
        var active = entitlements.active(principal.subscriberId());
        return model -> active.stream().anyMatch(entitlement -> entitlement.allows(model));
    }

    private static java.util.function.Predicate<String> entitled(RoutingContext context) {
        return context.get(ENTITLED);
    }

    private static void respond(RoutingContext context, io.vertx.core.buffer.Buffer body) {
        context.response().putHeader("content-type", "application/json").end(body);
    }

    private void model(JsonGenerator json, Federation.ServedModel model) throws IOException {
        boolean simulated = model.info().simulated();
        json.writeStartObject();
        json.writeStringField("id", model.info().id());
        json.writeStringField("object", "model");
        json.writeNumberField("created", created);
        json.writeStringField("owned_by", simulated ? "hyperlocal-simulated" : "hyperlocal");
        json.writeObjectFieldStart("hyperlocal");
        json.writeBooleanField("simulated", simulated);
        json.writeNumberField("context_length", model.info().contextLength());
        json.writeStringField("description", simulated
                ? "SIMULATED: no model file was found; this engine produces placeholder text, not a model's output"
                : model.info().description());
        json.writeArrayFieldStart("sites");
        for (String site : model.sites()) {
            json.writeString(site);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private void embeddingModel(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", EmbeddingsHandler.MODEL_ID);
        json.writeStringField("object", "model");
        json.writeNumberField("created", created);
        json.writeStringField("owned_by", "hyperlocal");
        json.writeObjectFieldStart("hyperlocal");
        json.writeBooleanField("simulated", false);
        json.writeNumberField("dimensions", EmbeddingsHandler.DIMENSIONS);
        json.writeStringField("description", "all-MiniLM-L6-v2 sentence embeddings, computed in the gateway");
        json.writeEndObject();
        json.writeEndObject();
    }
}
