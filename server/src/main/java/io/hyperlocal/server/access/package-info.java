/**
 * Who is calling: API keys (scoped to a subscriber or a partner app, with expiry and revocation that
 * every replica sees within a second through the {@link io.hyperlocal.server.access.ChangeFeed}),
 * bearer JWTs ({@code jwt/}), and the admission step of the gateway. For a principal that acts for a
 * subscriber, {@link io.hyperlocal.server.access.GatewayAdmission} enforces entitlements, allowances
 * and limits through {@code io.hyperlocal.server.quota}. No method takes or returns null; absent
 * values are empty strings or {@code Optional}.
 */
package io.hyperlocal.server.access;
