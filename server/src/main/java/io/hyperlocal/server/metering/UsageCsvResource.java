package io.hyperlocal.server.metering;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /admin/usage.csv?from=&to=&subscriber=&model=}: the ledger's records as CSV, oldest
 * first, streamed from a database cursor (an export of millions of rows never sits in memory).
 * {@code from} is inclusive, {@code to} exclusive; each is a date (midnight UTC) or an instant.
 */
@Path("/admin/usage.csv")
public class UsageCsvResource {
    private final LedgerReader reader;

    @Inject
    public UsageCsvResource(LedgerReader reader) {
        this.reader = reader;
    }

    @GET
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("subscriber") String subscriber, @QueryParam("model") String model) {
        UsageFilter filter = UsageFilter.of(from, to, subscriber, model);
        StreamingOutput body = output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 64 * 1024);
            out.write(UsageCsv.HEADER);
            try {
                reader.stream(filter, row -> UsageCsv.write(out, row.record()));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("the usage export stopped: " + e.getMessage(), e);
            }
            out.flush();
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("content-disposition", "attachment; filename=\"usage.csv\"").build();
    }
}
