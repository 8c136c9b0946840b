package io.hyperlocal.server.tmf.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.ListQuery;
import io.hyperlocal.server.tmf.common.TmfClock;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfPaths;
import io.hyperlocal.server.tmf.common.TmfResponses;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.hub.EventOutbox;
import io.hyperlocal.server.tmf.hub.TmfApi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/**
 * TMF637 Product Inventory v5: the subscribers' products. Products are created by product orders
 * (TMF622), not by POST here; PATCH suspends, resumes or terminates one (legal moves only, 409
 * otherwise) and changes its name, description or visibility; DELETE removes an ended product.
 */
@Path(TmfPaths.INVENTORY + "/product")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {
    private static final Set<String> PATCHABLE = Set.of("@type", "status", "name", "description", "isCustomerVisible");

    private final TmfStore store;
    private final TmfClock clock;

    @Inject
    public ProductResource(TmfStore store, TmfClock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GET
    public Response list(@QueryParam("fields") String fields, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("relatedParty.id") String party,
            @QueryParam("relatedParty.partyOrPartyRole.id") String partyV5, @Context UriInfo uri) {
        ListQuery query = ListQuery.parse(fields, offset, limit);
        var filters = ListQuery.filters(uri.getQueryParameters(), Set.of("relatedParty.id",
                "relatedParty.partyOrPartyRole.id"));
        // The customer's products: TMF filters by attribute path; both the v4 and the v5 path are read.
        String customer = partyV5 != null && !partyV5.isBlank() ? partyV5 : party;
        return TmfResponses.list(customer == null || customer.isBlank()
                ? store.list(Products.KIND, filters, query.offset(), query.limit())
                : store.listByParty(Products.KIND, customer.strip(), filters, query.offset(), query.limit()), query);
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("id") String id, @QueryParam("fields") String fields) {
        return TmfResponses.one(find(store, id).document(), ListQuery.fieldsOnly(fields));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, TmfPaths.MERGE_PATCH_JSON})
    public Response patch(@PathParam("id") String id, String body) {
        ObjectNode patch = TmfJson.parseObject(body);
        TmfJson.rejectUnknown(patch, PATCHABLE, "", "Product (PATCH changes status, name, description and "
                + "isCustomerVisible; a productOrder changes the offering)");
        ObjectNode result = store.inTransaction(tx -> {
            TmfRow row = tx.find(Products.KIND, id, true).orElseThrow(() -> TmfException.notFound(Products.KIND, id));
            ObjectNode document = row.document();
            if (patch.has("status")) {
                ProductStatus target = ProductStatus.parse(TmfJson.requireText(patch, "status", "status"), "status");
                if (!target.label().equals(row.state())) {
                    document = Products.changeStatus(tx, row, target, clock.now());
                    row = tx.find(Products.KIND, id, true).orElseThrow();
                }
            }
            ObjectNode attributes = patch.deepCopy();
            attributes.remove("status");
            attributes.remove("@type");
            if (!attributes.isEmpty()) {
                TmfJson.optionalText(attributes, "name", "name");
                TmfJson.optionalText(attributes, "description", "description");
                TmfJson.optionalBoolean(attributes, "isCustomerVisible", "isCustomerVisible");
                document = document.deepCopy();
                TmfJson.mergePatch(document, attributes);
                tx.update(row.withDocument(document));
                EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductAttributeValueChangeEvent", "product", document,
                        clock.now());
            }
            return document;
        });
        return TmfResponses.one(result, ListQuery.fieldsOnly(null));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        store.inTransaction(tx -> {
            TmfRow row = tx.find(Products.KIND, id, true).orElseThrow(() -> TmfException.notFound(Products.KIND, id));
            if (ProductStatus.parse(row.state(), "status").isLive()) {
                throw TmfException.conflict("status", "Product " + id + " is " + row.state() + "; terminate it first "
                        + "(PATCH {\"status\": \"terminated\"}, or a productOrder item with action delete).");
            }
            tx.delete(Products.KIND, id);
            EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductDeleteEvent", "product", row.document(), clock.now());
            return null;
        });
        return Response.noContent().build();
    }

    static TmfRow find(TmfStore store, String id) {
        return store.find(Products.KIND, id).orElseThrow(() -> TmfException.notFound(Products.KIND, id));
    }
}
