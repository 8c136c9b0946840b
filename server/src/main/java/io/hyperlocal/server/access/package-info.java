/**
 * Who is calling: API keys and the admission step of the gateway. Subscribers, entitlements and
 * quotas plug in here (a later issue) behind {@link io.hyperlocal.server.access.Admission}.
 */
package io.hyperlocal.server.access;
