package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.federation.RouteLog;
import io.hyperlocal.server.subscribers.SubscribersResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /admin/routes}: why each recent request went where it went. */
@Path("/admin/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RoutesResource {
    private final RouteLog log;

    @Inject
    public RoutesResource(RouteLog log) {
        this.log = log;
    }

    @GET
    public List<Map<String, Object>> recent(@QueryParam("limit") @DefaultValue("50") String limit) {
        int count = (int) SubscribersResource.number("limit", limit, 1, RouteLog.CAPACITY);
        return log.recent(count).stream().map(RouteLog.Logged::brief).toList();
    }

    @GET
    @Path("/{requestId}")
    public Map<String, Object> one(@PathParam("requestId") String requestId) {
        return log.find(requestId).map(RouteLog.Logged::details).orElseThrow(() -> new HyperlocalException(
                ErrorCode.NOT_FOUND, "No routing decision for request " + requestId + " (the latest "
                        + RouteLog.CAPACITY + " are kept)."));
    }
}
