package io.hyperlocal.server.access;

/**
 * Turns the {@code Authorization} header into a {@link Principal}: API keys, and bearer JWTs from
 * a configured issuer.
 */
public interface Authenticator {

    /**
     * @param authorization the {@code Authorization} header, empty when absent
     * @throws io.hyperlocal.core.HyperlocalException {@code MISSING_API_KEY} or {@code INVALID_API_KEY}
     */
    Principal authenticate(String authorization);
}
