/**
 * The site agent, {@code ./hyperlocal site}: one site as its own process, without Quarkus or a
 * database. It serves its engines over the OpenAI protocol (Vert.x) and sends heartbeats with their
 * load to the control plane. No method takes or returns null; optional values are {@code Optional}
 * return values or documented empty strings.
 */
package io.hyperlocal.server.agent;
