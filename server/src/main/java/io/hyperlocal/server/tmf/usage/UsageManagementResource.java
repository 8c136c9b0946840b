package io.hyperlocal.server.tmf.usage;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Principal;
import io.hyperlocal.server.metering.LedgerReader;
import io.hyperlocal.server.metering.UsageFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * TMF635 Usage Management, read side: {@code GET /tmf-api/usageManagement/v5/usage} (newest first;
 * filters {@code relatedParty.id} (the subscriber, or the key owner), {@code usageDate.gte},
 * {@code usageDate.gt}, {@code usageDate.lt}, {@code usageDate.lte}, {@code model}; {@code fields},
 * {@code offset}, {@code limit} (default 100, at most 1000); {@code X-Total-Count} and
 * {@code X-Result-Count}), {@code GET .../usage/{id}} (the id is the request id) and the
 * {@code aiTokens} usage specification. Usage is created by the gateway only: no POST, PATCH or
 * DELETE (the ledger is append-only). Needs the admin key; errors use TM Forum's {@code Error} body.
 */
@Path(UsageJson.BASE)
@Produces(MediaType.APPLICATION_JSON)
public class UsageManagementResource {
    static final int MAX_LIMIT = 1000;
    /** The query parameters of the usage list, in the order an unknown one's message lists them. */
    private static final Set<String> LIST_PARAMETERS = new LinkedHashSet<>(List.of("fields", "offset", "limit",
            "relatedParty.id", "relatedParty.partyOrPartyRole.id", "usageDate.gte", "usageDate.gt", "usageDate.lt",
            "usageDate.lte", "model"));

    private final Admission admission;
    private final LedgerReader reader;

    @Inject
    public UsageManagementResource(Admission admission, LedgerReader reader) {
        this.admission = admission;
        this.reader = reader;
    }

    @GET
    @Path("/usage")
    public Response list(@HeaderParam("authorization") String authorization, @QueryParam("fields") String fields,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("relatedParty.id") String party, @QueryParam("relatedParty.partyOrPartyRole.id") String partyV5,
            @QueryParam("usageDate.gte") String gte, @QueryParam("usageDate.gt") String gt,
            @QueryParam("usageDate.lt") String lt, @QueryParam("usageDate.lte") String lte,
            @QueryParam("model") String model, @Context UriInfo uri) {
        return answer(authorization, () -> {
            checkParameters(uri.getQueryParameters().keySet(), gte, gt, lt, lte);
            int first = number(offset, "offset", 0, Integer.MAX_VALUE, 0);
            int count = number(limit, "limit", 1, MAX_LIMIT, 100);
            Optional<Instant> from = UsageFilter.instant(gte, "usageDate.gte")
                    .or(() -> UsageFilter.instant(gt, "usageDate.gt").map(at -> at.plus(1, ChronoUnit.MICROS)));
            Optional<Instant> to = UsageFilter.instant(lt, "usageDate.lt")
                    .or(() -> UsageFilter.instant(lte, "usageDate.lte").map(at -> at.plus(1, ChronoUnit.MICROS)));
            String subject = party != null && !party.isBlank() ? party : partyV5 == null ? "" : partyV5;
            LedgerReader.Page page = reader.page(new UsageFilter(from, to, subject, model == null ? "" : model),
                    first, count);
            List<Map<String, Object>> body = page.rows().stream()
                    .map(row -> UsageJson.select(UsageJson.usage(row.record()), fields)).toList();
            return Response.ok(body).header("X-Total-Count", page.total()).header("X-Result-Count", body.size())
                    .build();
        });
    }

    @GET
    @Path("/usage/{id}")
    public Response one(@HeaderParam("authorization") String authorization, @PathParam("id") String id,
            @QueryParam("fields") String fields) {
        return answer(authorization, () -> reader.find(id)
                .map(row -> Response.ok(UsageJson.select(UsageJson.usage(row.record()), fields)).build())
                .orElseThrow(() -> new HyperlocalException(ErrorCode.NOT_FOUND, "No usage with id '" + id
                        + "'. A usage's id is the request id (x-request-id) of the request it meters; records reach "
                        + "the ledger within a second of the request's end.")));
    }

    @GET
    @Path("/usageSpecification")
    public Response specifications(@HeaderParam("authorization") String authorization) {
        return answer(authorization, () -> Response.ok(List.of(UsageSpecificationJson.specification()))
                .header("X-Total-Count", 1).header("X-Result-Count", 1).build());
    }

    @GET
    @Path("/usageSpecification/{id}")
    public Response specification(@HeaderParam("authorization") String authorization, @PathParam("id") String id) {
        return answer(authorization, () -> {
            if (!id.equals(UsageSpecificationJson.ID)) {
                throw new HyperlocalException(ErrorCode.NOT_FOUND, "No usage specification '" + id + "'; the gateway "
                        + "records against '" + UsageSpecificationJson.ID + "' only.");
            }
            return Response.ok(UsageSpecificationJson.specification()).build();
        });
    }

    /**
     * Refuses what the list would otherwise ignore: a parameter it does not read ({@code ?status=rated}
     * answered every usage, as if it matched) and both forms of one bound ({@code usageDate.gte} with
     * {@code usageDate.gt}, where one was silently dropped).
     */
    private static void checkParameters(Set<String> names, String gte, String gt, String lt, String lte) {
        for (String name : names) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER, "Unknown query parameter '" + name
                        + "': the usage list reads " + String.join(", ", LIST_PARAMETERS) + ".", name);
            }
        }
        if (gte != null && gt != null) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "Give one lower bound: usageDate.gte or usageDate.gt, not both.", "usageDate.gt");
        }
        if (lt != null && lte != null) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "Give one upper bound: usageDate.lt or usageDate.lte, not both.", "usageDate.lte");
        }
    }

    /** Checks the admin key, then answers; any refusal becomes a TM Forum error. */
    private Response answer(String authorization, Supplier<Response> answer) {
        try {
            Principal principal = admission.authenticate(authorization == null ? "" : authorization, "");
            if (principal.role() != Principal.Role.ADMIN) {
                throw new HyperlocalException(ErrorCode.ADMIN_REQUIRED, "The key " + principal.keyId() + " is a client "
                        + "key; the TM Forum APIs are the BSS's and need the admin key (<data-dir>/admin-api-key).");
            }
            return answer.get();
        } catch (HyperlocalException e) {
            return TmfError.of(e);
        }
    }

    private static int number(String value, String name, int min, int max, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid '" + name + "': '" + value
                + "'. Expected an integer in [" + min + ", " + max + "].", name);
    }
}
