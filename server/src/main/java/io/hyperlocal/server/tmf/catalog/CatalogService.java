package io.hyperlocal.server.tmf.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfClock;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfPaths;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.hub.EventOutbox;
import io.hyperlocal.server.tmf.hub.TmfApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates, patches and deletes TMF620 resources, keeping references between them valid. */
@ApplicationScoped
public class CatalogService {
    /** Attributes the server owns: a create may send them (ignored or checked), a patch may not change them. */
    private static final Set<String> SERVER_OWNED = Set.of("id", "href", "lastUpdate");

    private final TmfStore store;
    private final TmfClock clock;

    @Inject
    public CatalogService(TmfStore store, TmfClock clock) {
        this.store = store;
        this.clock = clock;
    }

    public ObjectNode create(CatalogKind kind, ObjectNode body) {
        TmfJson.rejectUnknown(body, kind.createFields(), "", kind.type());
        String id = TmfJson.optionalText(body, "id", "id").orElseGet(() -> UUID.randomUUID().toString());
        if (!id.matches("[A-Za-z0-9._~-]{1,100}")) {
            throw TmfException.badRequest("id", "id must be 1 to 100 URL-safe characters (letters, digits, . _ ~ -).");
        }
        ObjectNode document = stamp(kind, id, body);
        return store.inTransaction(tx -> {
            CatalogRules.check(kind, document, tx);
            tx.insert(new TmfRow(kind.path(), id, document, document.get("lifecycleStatus").asText(), "",
                    Optional.empty()));
            publish(tx, kind, "CreateEvent", document);
            return document;
        });
    }

    public ObjectNode patch(CatalogKind kind, String id, ObjectNode patch) {
        Set<String> allowed = new HashSet<>(kind.createFields());
        allowed.removeAll(SERVER_OWNED);
        allowed.add("href");
        TmfJson.rejectUnknown(patch, allowed, "", kind.type() + " (PATCH; id and lastUpdate are the server's)");
        return store.inTransaction(tx -> {
            TmfRow row = tx.find(kind.path(), id, true).orElseThrow(() -> TmfException.notFound(kind.path(), id));
            ObjectNode document = row.document().deepCopy();
            TmfJson.mergePatch(document, patch);
            ObjectNode stamped = stamp(kind, id, document);
            CatalogRules.check(kind, stamped, tx);
            tx.update(row.withDocument(stamped).withState(stamped.get("lifecycleStatus").asText()));
            boolean stateChanged = !row.state().equals(stamped.get("lifecycleStatus").asText());
            publish(tx, kind, stateChanged ? "StateChangeEvent" : "AttributeValueChangeEvent", stamped);
            return stamped;
        });
    }

    /** Deletes a resource that nothing references; 409 naming the first reference otherwise. */
    public void delete(CatalogKind kind, String id) {
        store.inTransaction(tx -> {
            tx.find(kind.path(), id, true).orElseThrow(() -> TmfException.notFound(kind.path(), id));
            String reference = switch (kind) {
                case SPECIFICATION -> referencing(tx, "productOffering", "document->'productSpecification'->>'id' = ?", id);
                case PRICE -> referencing(tx, "productOffering",
                        "document->'productOfferingPrice' @> jsonb_build_array(jsonb_build_object('id', ?::text))", id);
                case OFFERING -> Optional.ofNullable(referencing(tx, "productOffering",
                        "document->'bundledProductOffering' @> jsonb_build_array(jsonb_build_object('id', ?::text))", id))
                        .orElse(referencing(tx, "product", "document->'productOffering'->>'id' = ? "
                                + "and state not in ('terminated', 'cancelled', 'aborted')", id));
            };
            if (reference != null) {
                throw TmfException.conflict("id", kind.type() + " " + id + " is still used by " + reference
                        + "; change or delete that first.");
            }
            TmfRow deleted = tx.find(kind.path(), id, false).orElseThrow();
            tx.delete(kind.path(), id);
            publish(tx, kind, "DeleteEvent", deleted.document());
            return null;
        });
    }

    /** The first {@code kind} row matching {@code condition}, as "kind id", or null. */
    private static String referencing(TmfStore.Tx tx, String kind, String condition, String id) {
        return tx.where(kind, condition, id).stream().findFirst().map(row -> kind + " " + row.id()).orElse(null);
    }

    /** Records e.g. {@code ProductOfferingCreateEvent} for the catalog's hubs. */
    private void publish(TmfStore.Tx tx, CatalogKind kind, String event, ObjectNode document) {
        EventOutbox.publish(tx, TmfApi.CATALOG, kind.type() + event, kind.path(), document, clock.now());
    }

    private ObjectNode stamp(CatalogKind kind, String id, ObjectNode body) {
        ObjectNode document = body.deepCopy();
        document.put("id", id);
        document.put("href", TmfPaths.CATALOG + "/" + kind.path() + "/" + id);
        String type = document.path("@type").asText("");
        if (!type.isEmpty() && !type.equals(kind.type())) {
            document.put("@baseType", kind.type());
        }
        document.put("lastUpdate", clock.now().toString());
        return document;
    }
}
