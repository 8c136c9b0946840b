package io.hyperlocal.server.metering;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /admin/usage/daily?from=&to=&subscriber=&model=}: the ledger's daily totals (UTC days)
 * per subject, subscription, model and site, kept up to date as records are shipped.
 */
@Path("/admin/usage/daily")
@Produces(MediaType.APPLICATION_JSON)
public class UsageDailyResource {
    private final LedgerReader reader;

    @Inject
    public UsageDailyResource(LedgerReader reader) {
        this.reader = reader;
    }

    @GET
    public List<LedgerReader.DailyTotal> daily(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("subscriber") String subscriber, @QueryParam("model") String model) {
        return reader.daily(UsageFilter.of(from, to, subscriber, model));
    }
}
