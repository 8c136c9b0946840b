package io.hyperlocal.server.access.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.config.HyperlocalConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code hyperlocal.auth.jwt.*} read through the real mapping: disabled without an issuer, fail fast on bad values. */
class JwtSettingsTest {

    @Test
    void withoutAnIssuerJwtsAreDisabled() {
        assertThat(JwtSettings.from(config(Map.of()))).isEmpty();
        assertThat(JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", " ",
                "hyperlocal.auth.jwt.jwks-url", "https://idp/jwks")))).isEmpty();
    }

    @Test
    void theDefaults() {
        JwtSettings settings = JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp.example",
                "hyperlocal.auth.jwt.jwks-url", "https://idp.example/jwks"))).orElseThrow();
        assertThat(settings.issuer()).isEqualTo("https://idp.example");
        assertThat(settings.jwksUri()).isEqualTo(URI.create("https://idp.example/jwks"));
        assertThat(settings.audience()).isEqualTo("hyperlocal");
        assertThat(settings.subscriberClaim()).isEqualTo("sub");
        assertThat(settings.partnerClaim()).isEqualTo("azp");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.jwksMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void explicitValues() {
        JwtSettings settings = JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp.example",
                "hyperlocal.auth.jwt.jwks-url", "file:///etc/hyperlocal/jwks.json",
                "hyperlocal.auth.jwt.audience", "ai-gateway",
                "hyperlocal.auth.jwt.subscriber-claim", "phone_number",
                "hyperlocal.auth.jwt.partner-claim", "client_id",
                "hyperlocal.auth.jwt.clock-skew", "5s",
                "hyperlocal.auth.jwt.jwks-max-age", "1h",
                "hyperlocal.auth.jwt.jwks-min-refresh", "10s"))).orElseThrow();
        assertThat(settings.jwksUri().getScheme()).isEqualTo("file");
        assertThat(settings.audience()).isEqualTo("ai-gateway");
        assertThat(settings.subscriberClaim()).isEqualTo("phone_number");
        assertThat(settings.partnerClaim()).isEqualTo("client_id");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.jwksMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anIssuerWithoutAUsableJwksUrlOrWithBadDurationsFailsAtStart() {
        assertThatThrownBy(() -> JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp"))))
                .hasMessageContaining("hyperlocal.auth.jwt.jwks-url");
        assertThatThrownBy(() -> JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp",
                "hyperlocal.auth.jwt.jwks-url", "ftp://idp/jwks")))).hasMessageContaining("https:, http: or file:");
        assertThatThrownBy(() -> JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp",
                "hyperlocal.auth.jwt.jwks-url", "https://idp/jwks", "hyperlocal.auth.jwt.clock-skew", "-1s"))))
                .hasMessageContaining("clock-skew");
        assertThatThrownBy(() -> JwtSettings.from(config(Map.of("hyperlocal.auth.jwt.issuer", "https://idp",
                "hyperlocal.auth.jwt.jwks-url", "https://idp/jwks", "hyperlocal.auth.jwt.jwks-max-age", "0s"))))
                .hasMessageContaining("jwks-max-age");
    }

    private static HyperlocalConfig.Auth.Jwt config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().addSystemSources()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(HyperlocalConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(HyperlocalConfig.class).auth().jwt();
    }
}
