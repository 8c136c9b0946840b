package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.federation.Federation;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: OpenAI's model objects, plus a
 * {@code hyperlocal} object saying where each model is served and whether it is simulated.
 * A simulated engine's model says so in {@code owned_by} too, so that no client mistakes it.
 */
@ApplicationScoped
public class ModelsHandler {
    private final Admission admission;
    private final Federation federation;
    private final long created = System.currentTimeMillis() / 1000;

    @Inject
    public ModelsHandler(Admission admission, Federation federation) {
        this.admission = admission;
        this.federation = federation;
    }

    void list(RoutingContext context) {
        admission.authenticate(Exchange.of(context).header("authorization"));
        Map<String, Federation.ServedModel> models = federation.models();
        respond(context, Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (Federation.ServedModel model : models.values()) {
                model(json, model);
            }
            embeddingModel(json);
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    void one(RoutingContext context) {
        admission.authenticate(Exchange.of(context).header("authorization"));
        String id = context.pathParam("model");
        if (id.equals(EmbeddingsHandler.MODEL_ID)) {
            respond(context, Json.write(this::embeddingModel));
            return;
        }
        Federation.ServedModel model = federation.models().get(id);
        if (model == null) {
            throw new HyperlocalException(ErrorCode.MODEL_NOT_FOUND,
                    "The model '" + id + "' does not exist or you do not have access to it.", "model");
        }
        respond(context, Json.write(json -> model(json, model)));
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
