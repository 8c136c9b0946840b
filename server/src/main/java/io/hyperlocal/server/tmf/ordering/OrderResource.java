package io.hyperlocal.server.tmf.ordering;

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
import java.util.Set;

/** TMF622 Product Ordering Management v5: {@code productOrder}. */
@Path(TmfPaths.ORDERING + "/productOrder")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {
    private final OrderService orders;
    private final TmfStore store;

    @Inject
    public OrderResource(OrderService orders, TmfStore store) {
        this.orders = orders;
        this.store = store;
    }

    @GET
    public Response list(@QueryParam("fields") String fields, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @Context UriInfo uri) {
        ListQuery query = ListQuery.parse(fields, offset, limit);
        return TmfResponses.list(store.list(OrderProcessor.KIND, ListQuery.filters(uri.getQueryParameters(), Set.of()),
                query.offset(), query.limit()), query);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return TmfResponses.created(orders.create(TmfJson.parseObject(body)));
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("id") String id, @QueryParam("fields") String fields) {
        return TmfResponses.one(store.find(OrderProcessor.KIND, id)
                .orElseThrow(() -> TmfException.notFound(OrderProcessor.KIND, id)).document(), ListQuery.fieldsOnly(fields));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, TmfPaths.MERGE_PATCH_JSON})
    public Response patch(@PathParam("id") String id, String body) {
        return TmfResponses.one(orders.patch(id, TmfJson.parseObject(body)), ListQuery.fieldsOnly(null));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        orders.delete(id);
        return Response.noContent().build();
    }
}
