/**
 * The OpenAI-compatible gateway under {@code /v1}: parse and validate, admit, route, dispatch, stream
 * back exactly as OpenAI does, and report every failure as an OpenAI error body.
 */
package io.hyperlocal.server.gateway;
