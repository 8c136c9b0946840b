/** The platform team's API under {@code /admin}: sites, residency policies, routing decisions. */
package io.hyperlocal.server.admin;
