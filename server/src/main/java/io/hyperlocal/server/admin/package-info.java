/**
 * The platform team's API under {@code /admin}: sites, residency policies, routing decisions, API keys
 * and partner links.
 */
package io.hyperlocal.server.admin;
