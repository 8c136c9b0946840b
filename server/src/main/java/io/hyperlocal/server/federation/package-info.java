/** Sites, their engines and the routing of requests among them. */
package io.hyperlocal.server.federation;
