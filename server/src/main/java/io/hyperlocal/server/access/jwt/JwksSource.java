package io.hyperlocal.server.access.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The issuer's public keys, fetched from its JWKS and cached. They are fetched again when older than
 * the maximum age (so a key the issuer withdrew stops being accepted) and when a token names an
 * unknown {@code kid} (so a rotated key is picked up at once), but not more often than the minimum
 * refresh interval: a flood of tokens with made-up {@code kid}s must not become a flood of fetches.
 */
public final class JwksSource {
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(JwksSource.class);

    private final URI uri;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration minRefresh;
    private final HttpClient http;
    private volatile JWKSet keys = new JWKSet();
    private volatile Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;
    private long fetches;

    public JwksSource(URI uri, Clock clock, Duration maxAge, Duration minRefresh) {
        this.uri = Objects.requireNonNull(uri, "uri is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge is null");
        this.minRefresh = Objects.requireNonNull(minRefresh, "minRefresh is null");
        this.http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The key a token signed with {@code kid} names; an empty {@code kid} matches when the set holds a
     * single key. Fetches the set first when it is stale, and again (rate-limited) when the key is unknown.
     */
    public Optional<JWK> key(String kid) {
        Instant now = clock.instant();
        if (!now.isBefore(fetchedAt.plus(maxAge))) {
            refresh(now, false);
        }
        Optional<JWK> found = lookup(kid);
        if (found.isEmpty()) {
            refresh(now, true);
            found = lookup(kid);
        }
        return found;
    }

    /** Fetches so far, successful or not (for tests and logs). */
    public synchronized long fetches() {
        return fetches;
    }

    public URI uri() {
        return uri;
    }

    private Optional<JWK> lookup(String kid) {
        List<JWK> all = keys.getKeys();
        if (kid.isEmpty()) {
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
        return Optional.ofNullable(keys.getKeyByKeyId(kid));
    }

    private synchronized void refresh(Instant now, boolean unknownKid) {
        boolean neverLoaded = fetchedAt.equals(Instant.MIN);
        if (!unknownKid && now.isBefore(fetchedAt.plus(maxAge))) {
            return; // another thread refreshed meanwhile
        }
        if (now.isBefore(lastAttempt.plus(minRefresh))) {
            if (neverLoaded) {
                throw unavailable("the last attempt, at " + lastAttempt + ", failed", null);
            }
            return;
        }
        lastAttempt = now;
        fetches++;
        try {
            keys = JWKSet.parse(read()).toPublicJWKSet();
            fetchedAt = now;
        } catch (IOException | ParseException | RuntimeException e) {
            if (neverLoaded) {
                throw unavailable(e.toString(), e);
            }
            LOG.warnf("Could not refresh the JWKS from %s (%s); the %d keys fetched at %s stay in use", uri,
                    e.getMessage(), keys.getKeys().size(), fetchedAt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HyperlocalException(ErrorCode.INTERNAL, "Interrupted while fetching the JWKS from " + uri, "", e);
        }
    }

    private HyperlocalException unavailable(String why, Exception cause) {
        return new HyperlocalException(ErrorCode.INTERNAL, "Could not fetch the token issuer's keys from " + uri + " ("
                + why + "), so no JWT can be verified. The operator must check hyperlocal.auth.jwt.jwks-url.", "",
                cause);
    }

    private String read() throws IOException, InterruptedException {
        if (uri.getScheme().equals("file")) {
            return Files.readString(Path.of(uri));
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT)
                .header("accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        return response.body();
    }
}
