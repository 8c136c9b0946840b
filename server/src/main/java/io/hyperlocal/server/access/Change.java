package io.hyperlocal.server.access;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of the {@code credential_change} feed: something a replica may have cached changed.
 *
 * @param reference the key's SHA-256 in hex, a subscriber id, a partner app id, or
 *     {@code <partner app id>/<subscriber id>} for a link
 */
public record Change(Kind kind, String reference) {

    public enum Kind {
        API_KEY,
        SUBSCRIBER,
        PARTNER_APP,
        PARTNER_LINK;

        static Kind parse(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public Change {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(reference, "reference is null");
    }
}
