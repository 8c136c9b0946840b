package io.hyperlocal.server.access;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.jwt.JwtSettings;
import io.hyperlocal.server.access.jwt.JwtVerifier;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.database.WouldBlock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentication of a bearer credential, told apart by its shape: an API key starts with {@code hl-};
 * a JWT is three base64url parts, checked only when an issuer is configured (otherwise it is just
 * an incorrect key). Known keys are checked in memory: revocation, then expiry against the clock,
 * then the scope ({@link Scopes}).
 */
@Singleton
public class ApiKeyAuthenticator implements Authenticator {
    private static final String BEARER = "Bearer ";

    private final ApiKeyStore keys;
    private final Scopes scopes;
    private final Optional<JwtVerifier> tokens;

    @Inject
    public ApiKeyAuthenticator(ApiKeyStore keys, PartyDirectory parties, HyperlocalConfig config) {
        this(keys, parties, JwtSettings.from(config.auth().jwt()).map(settings -> JwtVerifier.of(settings, keys.clock())));
    }

    /** With {@code tokens} empty, bearer JWTs are refused as incorrect keys. */
    public ApiKeyAuthenticator(ApiKeyStore keys, PartyDirectory parties, Optional<JwtVerifier> tokens) {
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.scopes = new Scopes(parties);
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
    }

    @Override
    public Principal authenticate(String authorization, String actingFor) {
        String credential = bearer(authorization);
        String subscriber = actingFor.trim();
        if (!credential.startsWith(ApiKeys.PREFIX) && tokens.isPresent() && JwtVerifier.looksLikeJwt(credential)) {
            // Verification may fetch the issuer's keys: off the event loop.
            WouldBlock.check();
            return scopes.forToken(tokens.get().verify(credential), subscriber);
        }
        KeyRecord key = keys.find(credential).orElseThrow(() -> new HyperlocalException(ErrorCode.INVALID_API_KEY,
                "Incorrect API key provided: " + redact(credential) + ". Use the key printed by ./hyperlocal up "
                        + "(also in <data-dir>/demo-api-key), or one created with POST /admin/keys."));
        if (key.revokedAt().isPresent()) {
            throw new HyperlocalException(ErrorCode.REVOKED_API_KEY, "The API key " + key.prefix() + "... ("
                    + key.id() + ") was revoked at " + key.revokedAt().get() + ". Ask the operator for a new key.");
        }
        Instant now = keys.clock().instant();
        if (key.expired(now)) {
            throw new HyperlocalException(ErrorCode.EXPIRED_API_KEY, "The API key " + key.prefix() + "... ("
                    + key.id() + ") expired at " + key.expiresAt().orElseThrow() + ". Ask the operator for a new key.");
        }
        return scopes.forKey(key, subscriber);
    }

    private static String bearer(String authorization) {
        if (authorization.isEmpty()) {
            throw new HyperlocalException(ErrorCode.MISSING_API_KEY,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header "
                            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The demo key is printed "
                            + "by ./hyperlocal up and kept in <data-dir>/demo-api-key.");
        }
        if (authorization.trim().equalsIgnoreCase("Bearer")) {
            throw new HyperlocalException(ErrorCode.MISSING_API_KEY,
                    "The Authorization header holds no key after 'Bearer' (is the variable holding your key empty?). "
                            + "The demo key is printed by ./hyperlocal up and kept in <data-dir>/demo-api-key.");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new HyperlocalException(ErrorCode.INVALID_API_KEY,
                    "The Authorization header must use the Bearer scheme: 'Authorization: Bearer YOUR_KEY'.");
        }
        return authorization.substring(BEARER.length()).trim();
    }

    /** Shows enough of a wrong key to recognise it, as OpenAI does: first and last four characters. */
    static String redact(String key) {
        if (key.length() <= 8) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 4) + "*".repeat(Math.min(20, key.length() - 8)) + key.substring(key.length() - 4);
    }
}
