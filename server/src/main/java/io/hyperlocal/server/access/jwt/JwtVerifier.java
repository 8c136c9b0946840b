package io.hyperlocal.server.access.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a bearer JWT: its signature first (RSA or ECDSA with a key of the issuer's JWKS; unsigned
 * and HMAC tokens are refused, since a shared secret would let anyone holding it mint tokens), then
 * {@code iss}, {@code aud}, {@code exp} and {@code nbf}. Each refusal is {@code invalid_token} and
 * names the failed check; no message repeats the token.
 */
public final class JwtVerifier {
    /** The signature algorithms accepted: RSA (PKCS#1 and PSS) and ECDSA. */
    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    /** Three base64url parts separated by dots: the compact serialisation of a JWS. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final JwtSettings settings;
    private final JwksSource keys;
    private final Clock clock;

    public JwtVerifier(JwtSettings settings, JwksSource keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** A verifier whose keys come from {@code settings.jwksUri()}. */
    public static JwtVerifier of(JwtSettings settings, Clock clock) {
        return new JwtVerifier(settings, new JwksSource(settings.jwksUri(), clock, settings.jwksMaxAge(),
                settings.jwksMinRefresh()), clock);
    }

    /** Whether {@code token} has the shape of a JWT (API keys start with {@code hl-} and never have it). */
    public static boolean looksLikeJwt(String token) {
        return SHAPE.matcher(token).matches();
    }

    public JwtSettings settings() {
        return settings;
    }

    /** @throws HyperlocalException {@code invalid_token} naming the failed check */
    public VerifiedToken verify(String token) {
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        String kid = header.getKeyID() == null ? "" : header.getKeyID();
        String named = kid.isEmpty() ? "without a kid" : "kid '" + kid + "'";
        JWK key = keys.key(kid).orElseThrow(() -> invalid("unknown signing key: the token names " + named
                + ", which the issuer's JWKS (" + keys.uri() + ") does not hold, even after fetching it again. "
                + "Get a new token from " + settings.issuer()));
        if (key.getKeyUse() != null && !key.getKeyUse().equals(KeyUse.SIGNATURE)) {
            throw invalid("wrong key: the JWKS key " + named + " is not a signing key (use: " + key.getKeyUse() + ")");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
            throw invalid("wrong algorithm: the token says " + algorithm + " but the JWKS key " + named + " is for "
                    + key.getAlgorithm());
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier(key, algorithm, named));
        } catch (JOSEException e) {
            throw invalid("bad signature: " + e.getMessage());
        }
        if (!valid) {
            throw invalid("bad signature: the token was not signed by the key " + named + " of " + settings.issuer());
        }
        return checkClaims(claims(jwt));
    }

    private VerifiedToken checkClaims(JWTClaimsSet claims) {
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw invalid("wrong issuer: the token's iss is " + quoted(claims.getIssuer()) + ", this gateway accepts '"
                    + settings.issuer() + "' (hyperlocal.auth.jwt.issuer)");
        }
        List<String> audience = claims.getAudience();
        if (!audience.contains(settings.audience())) {
            throw invalid("wrong audience: the token's aud is " + audience + ", this gateway is '"
                    + settings.audience() + "' (hyperlocal.auth.jwt.audience)");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw invalid("no exp claim: tokens without an expiry are refused");
        }
        if (now.isAfter(expires.toInstant().plus(settings.clockSkew()))) {
            throw invalid("expired: the token expired at " + expires.toInstant() + " (now " + now + ", clock skew "
                    + settings.clockSkew().toSeconds() + " s allowed). Get a new token from " + settings.issuer());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
            throw invalid("not yet valid: the token's nbf is " + notBefore.toInstant() + " (now " + now
                    + ", clock skew " + settings.clockSkew().toSeconds() + " s allowed)");
        }
        String subscriber = text(claims, settings.subscriberClaim());
        if (subscriber.isBlank()) {
            throw invalid("no subscriber: the token has no '" + settings.subscriberClaim() + "' claim naming the "
                    + "subscriber (a subscriber id, or an MSISDN starting with '+'; hyperlocal.auth.jwt.subscriber-claim)");
        }
        String partner = text(claims, settings.partnerClaim());
        String id = claims.getJWTID() == null || claims.getJWTID().isBlank() ? subscriber : claims.getJWTID();
        return new VerifiedToken(settings.issuer(), subscriber, partner, id, expires.toInstant());
    }

    private static SignedJWT signed(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw invalid("malformed: the bearer token is not a well-formed JWT");
        }
        return switch (jwt) {
            case SignedJWT signed -> {
                JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
                if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                    throw invalid("refused algorithm " + algorithm + ": HMAC-signed tokens are not accepted, only "
                            + "RS256/ES256-style signatures with the issuer's public keys");
                }
                if (!ACCEPTED.contains(algorithm)) {
                    throw invalid("refused algorithm " + algorithm + ": accepted are " + ACCEPTED.stream()
                            .map(JWSAlgorithm::getName).sorted().toList());
                }
                yield signed;
            }
            case PlainJWT plain -> throw invalid("refused algorithm none: unsigned tokens are never accepted");
            case EncryptedJWT encrypted -> throw invalid("encrypted token: send a signed JWT (RS256 or ES256), "
                    + "not a JWE");
            default -> throw invalid("malformed: unsupported JWT type " + jwt.getClass().getSimpleName());
        };
    }

    private static JWSVerifier verifier(JWK key, JWSAlgorithm algorithm, String named) {
        try {
            if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(algorithm)) {
                return new RSASSAVerifier(rsa.toRSAPublicKey());
            }
            if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(algorithm)) {
                return new ECDSAVerifier(ec.toECPublicKey());
            }
        } catch (JOSEException e) {
            throw invalid("unusable key: the JWKS key " + named + " cannot verify signatures (" + e.getMessage() + ")");
        }
        throw invalid("wrong algorithm: the token says " + algorithm + " but the JWKS key " + named + " is a "
                + key.getKeyType() + " key");
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("malformed: the token's claims are not a JSON object");
        }
    }

    private static String text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String string ? string.trim() : "";
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    static HyperlocalException invalid(String check) {
        return new HyperlocalException(ErrorCode.INVALID_TOKEN, "Invalid bearer token: " + check + ".");
    }
}
