/**
 * Usage metering: exactly one usage record per admitted request, durable before its answer ends,
 * in an append-only ledger that never loses or double-counts a request.
 *
 * <p>The path of a record: the gateway {@linkplain io.hyperlocal.server.metering.UsageMeter opens} a
 * {@link io.hyperlocal.server.metering.MeteredRequest} at admission and ends it once (completed,
 * failed or cancelled) just before the answer's last bytes; the record, a CloudEvent
 * ({@link io.hyperlocal.server.metering.UsageEvents}), is appended as one line to the local
 * {@link io.hyperlocal.server.metering.Journal} with a plain {@code write()}; the
 * {@link io.hyperlocal.server.metering.UsageLedger}'s thread rotates the journal and the
 * {@link io.hyperlocal.server.metering.JournalShipper} inserts closed segments in batches into
 * {@code usage_ledger} (unique on source and id, {@code on conflict do nothing}) and
 * {@code usage_daily} in one statement ({@link io.hyperlocal.server.metering.LedgerWriter}), then
 * deletes them.
 *
 * <p>Why a local journal rather than an insert per request: the database stays off the request path
 * (no round trip, and a slow or unreachable PostgreSQL does not slow or fail answers), while a record
 * is still durable against a killed process before the client can see its answer complete, since the
 * kernel holds written bytes. Power loss is covered only with {@code hyperlocal.metering.fsync=always}.
 * Duplicates are handled by the ledger's key rather than by bookkeeping in the journal, so every crash
 * point (before the insert, between the commit and the segment's deletion) resolves by shipping again.
 *
 * <p>Reads: {@link io.hyperlocal.server.metering.LedgerReader} (TMF635 in
 * {@code io.hyperlocal.server.tmf.usage}, {@code /admin/usage.csv}, {@code /admin/usage/daily}) and the
 * optional {@link io.hyperlocal.server.metering.KafkaExporter} (at least once, checkpoint in
 * PostgreSQL).
 *
 * <p>No method returns or accepts null: absent values are empty strings, {@code -1} or
 * {@link java.util.Optional}.
 */
package io.hyperlocal.server.metering;
