package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.HyperlocalException;
import java.util.Objects;

/**
 * A partner application (an AI vendor's app, the operator's own assistant) that calls the gateway
 * on behalf of subscribers with keys scoped to it.
 *
 * @param id 1 to 64 of {@code A-Z a-z 0-9 . _ : -}
 * @param name what people call it, 1 to 200 characters, not blank
 */
public record PartnerApp(String id, String name) {
    private static final int MAX_NAME = 200;

    public PartnerApp {
        Ids.check("id", id);
        Objects.requireNonNull(name, "name is null");
        if (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw HyperlocalException.invalidValue("name", "name '" + Text.shorten(name) + "' must be 1 to " + MAX_NAME
                    + " characters, not blank, without control characters");
        }
    }
}
