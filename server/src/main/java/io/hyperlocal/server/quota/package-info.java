/**
 * Enforcement at admission: which entitlement pays for a request, its token allowance per period,
 * and its rate and concurrency limits. Nothing here returns null; {@code Optional} only as a
 * return type.
 *
 * <h2>Allowance leases</h2>
 *
 * <p>A subscription's allowance for one period is one row of {@code quota_period} (V8), shared by
 * every gateway replica: {@code allowance} (base plus rollover, fixed when the row is created),
 * {@code leased}, {@code consumed} and {@code overdraft}. A replica never asks the database per
 * request: it holds a <em>lease</em> (a share of the allowance, {@code hyperlocal.quota.lease-percent},
 * never less than the reservation that asks for it) and reserves from it in memory. It takes a new
 * lease when the old one runs low (early, on a background thread, when under half a chunk is left;
 * on the request path only when a reservation does not fit), records consumption and gives back
 * surplus and idle leases every {@code maintenance-interval}, and gives everything back on shutdown.
 *
 * <h2>The bound: replicas together never consume more than the allowance plus one request's maximum</h2>
 *
 * <ol>
 *   <li>In the database only three statements change {@code leased + consumed}: a <em>take</em>
 *       adds {@code least(wanted, allowance - consumed - leased)}, in one statement that locks the
 *       row and reads its latest version, so it never pushes the sum past {@code allowance}; the
 *       <em>overdraft</em> adds at most one reservation's gap, only while {@code overdraft = 0}, and
 *       sets it, so it happens once per period; a <em>record</em> moves tokens from {@code leased} to
 *       {@code consumed} (sum unchanged) or gives tokens back (sum smaller). Hence at all times
 *       {@code leased + consumed <= allowance + overdraft}, and a check constraint says so too.</li>
 *   <li>In each replica, per period ({@link io.hyperlocal.server.quota.LocalLease}): tokens charged
 *       (recorded or not) + available + reserved = tokens taken - tokens given back. A request is
 *       admitted only when its whole reservation comes out of {@code available}, and is charged at
 *       most its reservation. So what a replica charges never exceeds its net take.</li>
 *   <li>Summing over the replicas, dead ones included (a replica that dies keeps its lease in
 *       {@code leased}: those tokens are lost for the period, never spent twice): everything
 *       charged &le; {@code leased + consumed} &le; {@code allowance + overdraft}, and the
 *       overdraft is at most the reservation of the one request that got it, so at most one
 *       request's maximum (prompt bound + max tokens).</li>
 * </ol>
 *
 * <p>The overdraft exists so that the last tokens of an allowance can be used: a request that needs
 * more than is left but finds some tokens left (it straddles the end of the allowance) gets the gap
 * once per period; any later request that does not fit is refused with {@code insufficient_quota}.
 * The gateway makes "charged at most its reservation" true by clamping a generation without
 * {@code max_tokens} to {@code hyperlocal.quota.default-max-tokens}; usage above a reservation can
 * only come from a chat template larger than {@code prompt-overhead-tokens}, and is then charged
 * as the reservation (the usage ledger still bills the truth) and logged.
 *
 * <h2>Periods and rollover</h2>
 *
 * <p>Calendar periods start at midnight UTC (day) or on the first of the month; rolling ones repeat
 * from the subscription's start ({@link io.hyperlocal.server.entitlement.Entitlement#periodAnchor()}).
 * A request belongs to the period in which it was admitted, also when it ends after midnight. A
 * period's row is created on first use with the base allowance plus {@code rolloverPercent} of the
 * previous period's unused tokens ({@code allowance - consumed - leased} at that moment: tokens
 * still leased count as used: maintenance gives an ended period's leases back within a
 * {@code maintenance-interval}, so only a request in the first second of a period can open it
 * before then), or of the whole base allowance when the previous period has no row and the
 * subscription existed for all of it. Unused carried tokens count as unused again, at the same
 * percentage, so below 100 % what a quiet subscriber accumulates stays bounded.
 *
 * <h2>Rate and concurrency limits</h2>
 *
 * <p>Requests per minute and tokens per minute (a generic cell rate algorithm on the injected
 * clock; a burst of a minute's worth, then a steady rate) and requests in flight are kept per
 * subscription <em>in each replica's memory</em>: behind N replicas a subscriber may reach N times
 * the per-minute limits. Refusals are {@code 429 rate_limit_exceeded} with {@code Retry-After}
 * and OpenAI's {@code x-ratelimit-*} headers, which successful answers carry as well.
 */
package io.hyperlocal.server.quota;
