package io.hyperlocal.server.access;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Authentication by API key. */
@ApplicationScoped
public class ApiKeyAuthenticator implements Authenticator {
    private static final String BEARER = "Bearer ";

    private final ApiKeyStore keys;

    @Inject
    public ApiKeyAuthenticator(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public Principal authenticate(String authorization) {
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
        String key = authorization.substring(BEARER.length()).trim();
        return keys.find(key).orElseThrow(() -> new HyperlocalException(ErrorCode.INVALID_API_KEY,
                "Incorrect API key provided: " + redact(key) + ". Use the key printed by ./hyperlocal up "
                        + "(also in <data-dir>/demo-api-key)."));
    }

    /** Shows enough of a wrong key to recognise it, as OpenAI does: first and last four characters. */
    static String redact(String key) {
        if (key.length() <= 8) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 4) + "*".repeat(Math.min(20, key.length() - 8)) + key.substring(key.length() - 4);
    }
}
