/**
 * Who is calling: API keys and the admission step of the gateway. For a key that acts for a
 * subscriber, {@link io.hyperlocal.server.access.GatewayAdmission} enforces entitlements, allowances
 * and limits through {@code io.hyperlocal.server.quota}.
 */
package io.hyperlocal.server.access;
