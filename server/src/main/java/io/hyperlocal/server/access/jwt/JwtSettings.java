package io.hyperlocal.server.access.jwt;

import io.hyperlocal.server.config.HyperlocalConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How bearer JWTs are checked ({@code hyperlocal.auth.jwt.*}).
 *
 * @param jwksUri where the issuer's public keys are: {@code https:}, {@code http:} or {@code file:}
 * @param subscriberClaim the claim naming the subscriber: its id, or its MSISDN when it starts with {@code +}
 * @param partnerClaim the claim naming the partner app calling for the subscriber, when present
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param jwksMaxAge keys older than this are fetched again before use
 * @param jwksMinRefresh shortest time between two fetches caused by an unknown {@code kid}
 */
public record JwtSettings(String issuer, URI jwksUri, String audience, String subscriberClaim, String partnerClaim,
        Duration clockSkew, Duration jwksMaxAge, Duration jwksMinRefresh) {

    public JwtSettings {
        requireText(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri is null");
        if (!(jwksUri.getScheme() != null && (jwksUri.getScheme().equals("https") || jwksUri.getScheme().equals("http")
                || jwksUri.getScheme().equals("file")))) {
            throw new IllegalArgumentException("hyperlocal.auth.jwt.jwks-url must be an https:, http: or file: URL: "
                    + jwksUri);
        }
        requireText(audience, "audience");
        requireText(subscriberClaim, "subscriber-claim");
        requireText(partnerClaim, "partner-claim");
        requireNotNegative(clockSkew, "clock-skew");
        requireNotNegative(jwksMinRefresh, "jwks-min-refresh");
        Objects.requireNonNull(jwksMaxAge, "jwks-max-age is null");
        if (jwksMaxAge.isNegative() || jwksMaxAge.isZero()) {
            throw new IllegalArgumentException("hyperlocal.auth.jwt.jwks-max-age must be positive: " + jwksMaxAge);
        }
    }

    /** The settings of {@code config}; empty (JWTs disabled) when no issuer is configured. */
    public static Optional<JwtSettings> from(HyperlocalConfig.Auth.Jwt config) {
        Optional<String> issuer = config.issuer().filter(value -> !value.isBlank());
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        String url = config.jwksUrl().filter(value -> !value.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "hyperlocal.auth.jwt.issuer is set (" + issuer.get() + ") but hyperlocal.auth.jwt.jwks-url is not: "
                        + "set it to the issuer's JWKS (the jwks_uri of its /.well-known/openid-configuration)"));
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("hyperlocal.auth.jwt.jwks-url is not a URL: " + url, e);
        }
        return Optional.of(new JwtSettings(issuer.get().trim(), uri, config.audience(), config.subscriberClaim(),
                config.partnerClaim(), config.clockSkew(), config.jwksMaxAge(), config.jwksMinRefresh()));
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("hyperlocal.auth.jwt." + name + " must not be blank");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException("hyperlocal.auth.jwt." + name + " must not be negative: " + value);
        }
    }
}
