/**
 * Who is calling: API keys (scoped to a subscriber or a partner app, with expiry and revocation that
 * every replica sees within a second through the {@link io.hyperlocal.server.access.ChangeFeed}),
 * bearer JWTs ({@code jwt/}), and the admission step of the gateway. Subscribers, entitlements and
 * quotas plug in behind {@link io.hyperlocal.server.access.Admission}. No method takes or returns
 * null; absent values are empty strings or {@code Optional}.
 */
package io.hyperlocal.server.access;
