/**
 * OAuth2/OIDC bearer JWTs: the issuer's keys (JWKS) and the checks of a token (signature, issuer,
 * audience, time). Nimbus JOSE+JWT does the cryptography; this package decides what is accepted and
 * says which check failed. Plain Java apart from the configuration record: time is an injected clock.
 * No method takes or returns null.
 */
package io.hyperlocal.server.access.jwt;
