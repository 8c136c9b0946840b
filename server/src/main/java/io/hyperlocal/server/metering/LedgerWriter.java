package io.hyperlocal.server.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;

/**
 * Inserts batches of usage events into {@code usage_ledger} and, in the same statement, adds the
 * rows really inserted to {@code usage_daily}. An event already in the ledger (same source and id)
 * is skipped and counted nowhere, so shipping a journal segment twice changes nothing.
 *
 * <p>One statement per batch: the batch travels as arrays and PostgreSQL unnests them, so a batch
 * of a thousand records is one round trip.
 */
public final class LedgerWriter {
    /** Serialises the ledger's inserts across gateways, so that seq order is commit order. */
    private static final long INSERT_LOCK = 0x75736167654c6467L;
    private static final String INSERT = """
            with batch as (
                select * from unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::int[], ?::int[], ?::text[])
                    as b(source, id, event_time, subject, subscriber_id, partner_app_id, key_id, subscription_id,
                        offering_id, endpoint, model, site, jurisdiction, status, error_code, prompt_tokens,
                        completion_tokens, event)
            ), inserted as (
                insert into usage_ledger (source, id, event_time, subject, subscriber_id, partner_app_id, key_id,
                        subscription_id, offering_id, endpoint, model, site, jurisdiction, status, error_code,
                        prompt_tokens, completion_tokens, event)
                select source, id, event_time, subject, subscriber_id, partner_app_id, key_id, subscription_id,
                        offering_id, endpoint, model, site, jurisdiction, status, error_code, prompt_tokens,
                        completion_tokens, event::json
                from batch order by event_time, id
                on conflict (source, id) do nothing
                returning event_time, subject, subscription_id, model, site, status, prompt_tokens, completion_tokens
            ), daily as (
                insert into usage_daily as d (day, subject, subscription_id, model, site, requests, failed,
                        prompt_tokens, completion_tokens)
                select (event_time at time zone 'UTC')::date, subject, subscription_id, model, site, count(*),
                        count(*) filter (where status = 'failed'), sum(prompt_tokens), sum(completion_tokens)
                from inserted group by 1, 2, 3, 4, 5
                on conflict (day, subject, subscription_id, model, site) do update set
                    requests = d.requests + excluded.requests, failed = d.failed + excluded.failed,
                    prompt_tokens = d.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = d.completion_tokens + excluded.completion_tokens
            )
            select count(*) from inserted
            """;

    private final DataSource dataSource;

    public LedgerWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An event to insert: the record and its CloudEvent line as the gateway wrote it. */
    public record Entry(UsageRecord record, String event) {}

    /**
     * Inserts the entries in one transaction; returns how many were new.
     *
     * @throws SQLException when the database refused or could not be reached: nothing was inserted
     */
    public int insert(List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement lock = connection.createStatement()) {
                    lock.execute("select pg_advisory_xact_lock(" + INSERT_LOCK + ")");
                }
                int inserted;
                try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                    int column = 1;
                    statement.setObject(column++, text(entries, UsageRecord::source));
                    statement.setObject(column++, text(entries, UsageRecord::id));
                    statement.setObject(column++, text(entries, record -> UsageEvents.text(record.time())));
                    statement.setObject(column++, text(entries, UsageRecord::subject));
                    statement.setObject(column++, text(entries, UsageRecord::subscriberId));
                    statement.setObject(column++, text(entries, UsageRecord::partnerAppId));
                    statement.setObject(column++, text(entries, UsageRecord::keyId));
                    statement.setObject(column++, text(entries, UsageRecord::subscriptionId));
                    statement.setObject(column++, text(entries, UsageRecord::offeringId));
                    statement.setObject(column++, text(entries, UsageRecord::endpoint));
                    statement.setObject(column++, text(entries, UsageRecord::model));
                    statement.setObject(column++, text(entries, UsageRecord::site));
                    statement.setObject(column++, text(entries, UsageRecord::jurisdiction));
                    statement.setObject(column++, text(entries, record -> record.status().value()));
                    statement.setObject(column++, text(entries, UsageRecord::errorCode));
                    statement.setObject(column++, integers(entries, UsageRecord::promptTokens));
                    statement.setObject(column++, integers(entries, UsageRecord::completionTokens));
                    String[] events = new String[entries.size()];
                    for (int i = 0; i < events.length; i++) {
                        events[i] = entries.get(i).event();
                    }
                    statement.setObject(column, events);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        inserted = rows.getInt(1);
                    }
                }
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /*
     * Plain Java arrays rather than createArrayOf: the driver sends them in PostgreSQL's binary array
     * format, each element length-prefixed, where createArrayOf builds a quoted and escaped array
     * literal that the server then parses again.
     */
    private static String[] text(List<Entry> entries, Function<UsageRecord, String> field) {
        String[] values = new String[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(entries.get(i).record());
        }
        return values;
    }

    private static int[] integers(List<Entry> entries, ToIntFunction<UsageRecord> field) {
        int[] values = new int[entries.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.applyAsInt(entries.get(i).record());
        }
        return values;
    }
}
