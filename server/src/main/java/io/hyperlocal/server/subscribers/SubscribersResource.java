package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * {@code /admin/subscribers}: the platform team and the BSS look up, add, replace and remove
 * subscribers one at a time (bulk loads go through {@code ./hyperlocal import subscribers}). The
 * admin key is checked by {@code AdminAuthentication}, as for every {@code /admin} path.
 */
@Path("/admin/subscribers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscribersResource {
    static final int MAX_LIMIT = 1000;
    private static final Logger LOG = Logger.getLogger(SubscribersResource.class);

    private final SubscriberStore store;
    private final Clock clock;

    @Inject
    public SubscribersResource(SubscriberStore store) {
        this(store, Clock.systemUTC());
    }

    SubscribersResource(SubscriberStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A page of subscribers by id; the header {@code X-Total-Count} says how many there are in all. */
    @GET
    public Response list(@QueryParam("offset") @DefaultValue("0") String offset,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        long from = number("offset", offset, 0, Long.MAX_VALUE);
        int size = (int) number("limit", limit, 1, MAX_LIMIT);
        Page<Subscriber> page = store.list(from, size);
        return Response.ok(page.items().stream().map(SubscriberBody::of).toList())
                .header("X-Total-Count", page.total()).build();
    }

    @GET
    @Path("/{id}")
    public SubscriberBody one(@PathParam("id") String id) {
        return store.find(id).map(SubscriberBody::of).orElseThrow(() -> notFound(id));
    }

    /** Adds a subscriber; 409 when its id or MSISDN is taken. */
    @POST
    public Response create(SubscriberBody body) {
        Subscriber subscriber = body(body, "POST /admin/subscribers").toSubscriber("", clock);
        store.insert(subscriber);
        LOG.infof("Subscriber %s added", subscriber.id());
        return Response.created(URI.create("/admin/subscribers/" + subscriber.id()))
                .entity(SubscriberBody.of(subscriber)).build();
    }

    /** Adds or replaces the subscriber {@code id}; 409 when another subscriber has the MSISDN. */
    @PUT
    @Path("/{id}")
    public SubscriberBody save(@PathParam("id") String id, SubscriberBody body) {
        Subscriber subscriber = body(body, "PUT /admin/subscribers/" + id).toSubscriber(id, clock);
        SubscriberStore.Outcome outcome = store.upsert(subscriber);
        LOG.infof("Subscriber %s saved (%s)", id, outcome.name().toLowerCase(java.util.Locale.ROOT));
        return SubscriberBody.of(subscriber);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        LOG.infof("Subscriber %s removed", id);
        return Response.noContent().build();
    }

    private static SubscriberBody body(SubscriberBody body, String call) {
        if (body == null) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON, call + " needs a JSON subscriber: {\"id\", \"msisdn\","
                    + " \"country\", \"birthYear\" (optional), \"billingAccount\"}.");
        }
        return body;
    }

    /**
     * A whole-number query parameter in [min, max], or an {@code invalid_value} refusal naming it. The
     * admin API takes such parameters as text and reads them here: a typed JAX-RS parameter that does
     * not parse is answered 404 by the framework, as if the URL did not exist.
     */
    public static long number(String param, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw HyperlocalException.invalidValue(param, param + " must be a whole number in [" + min + ", "
                + (max == Long.MAX_VALUE ? "..." : Long.toString(max)) + "]: '" + Text.shorten(value) + "'");
    }

    private static HyperlocalException notFound(String id) {
        return new HyperlocalException(ErrorCode.NOT_FOUND, "No subscriber '" + Text.shorten(id)
                + "'. GET /admin/subscribers lists them.");
    }
}
