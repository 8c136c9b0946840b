package io.hyperlocal.server.tmf.catalog;

import io.hyperlocal.server.tmf.common.ListQuery;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfPaths;
import io.hyperlocal.server.tmf.common.TmfResponses;
import io.hyperlocal.server.tmf.common.TmfStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Set;

/**
 * TMF620 Product Catalog Management v5: {@code productSpecification}, {@code productOffering} and
 * {@code productOfferingPrice}, each with list, create, read, patch and delete.
 */
@Path(TmfPaths.CATALOG + "/{collection: productOfferingPrice|productOffering|productSpecification}")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    private final CatalogService catalog;
    private final TmfStore store;

    @Inject
    public CatalogResource(CatalogService catalog, TmfStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    @GET
    public Response list(@PathParam("collection") String collection, @QueryParam("fields") String fields,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit, @Context UriInfo uri) {
        ListQuery query = ListQuery.parse(fields, offset, limit);
        return TmfResponses.list(store.list(kind(collection).path(), ListQuery.filters(uri.getQueryParameters(), Set.of()),
                query.offset(), query.limit()), query);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("collection") String collection, String body) {
        return TmfResponses.created(catalog.create(kind(collection), TmfJson.parseObject(body)));
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("collection") String collection, @PathParam("id") String id,
            @QueryParam("fields") String fields) {
        CatalogKind kind = kind(collection);
        return TmfResponses.one(store.find(kind.path(), id).orElseThrow(() -> TmfException.notFound(kind.path(), id))
                .document(), ListQuery.fieldsOnly(fields));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, TmfPaths.MERGE_PATCH_JSON})
    public Response patch(@PathParam("collection") String collection, @PathParam("id") String id, String body) {
        return TmfResponses.one(catalog.patch(kind(collection), id, TmfJson.parseObject(body)), ListQuery.fieldsOnly(null));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("collection") String collection, @PathParam("id") String id) {
        catalog.delete(kind(collection), id);
        return Response.noContent().build();
    }

    private static CatalogKind kind(String collection) {
        return Arrays.stream(CatalogKind.values()).filter(kind -> kind.path().equals(collection)).findFirst()
                .orElseThrow(() -> new TmfException(io.hyperlocal.core.ErrorCode.UNKNOWN_URL, "Unknown URL", "No collection " + collection,
                        ""));
    }
}
