/**
 * TMF688-style event hubs: subscriptions, the outbox written with each change, and its delivery
 * with retries. Nothing here returns null.
 */
package io.hyperlocal.server.tmf.hub;
