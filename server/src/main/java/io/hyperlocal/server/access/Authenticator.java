package io.hyperlocal.server.access;

/**
 * Turns the {@code Authorization} header into a {@link Principal}: API keys, and bearer JWTs from
 * a configured issuer.
 */
public interface Authenticator {
    /** The request header naming the subscriber a partner app (or an admin) acts for. */
    String SUBSCRIBER_HEADER = "x-hyperlocal-subscriber";

    /**
     * @param authorization the {@code Authorization} header, empty when absent
     * @param actingFor the {@link #SUBSCRIBER_HEADER} header (a subscriber id), empty when absent
     * @throws io.hyperlocal.core.HyperlocalException {@code MISSING_API_KEY}, {@code INVALID_API_KEY},
     *     {@code REVOKED_API_KEY}, {@code EXPIRED_API_KEY} or {@code INVALID_TOKEN} (401);
     *     {@code KEY_SCOPE_MISMATCH} or {@code UNKNOWN_SUBSCRIBER} (403)
     */
    Principal authenticate(String authorization, String actingFor);
}
