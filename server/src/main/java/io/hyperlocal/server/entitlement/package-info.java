/**
 * Entitlements: what a subscriber's active subscriptions allow (models, token allowances, rate and
 * concurrency limits, residency), resolved from the product inventory and enforced at admission.
 */
package io.hyperlocal.server.entitlement;
