package io.hyperlocal.server.federation;

import java.util.Locale;

/** Whether a site takes new requests: only active ones do; draining ones finish what they run. */
public enum SiteState {
    ACTIVE,
    DRAINING,
    DOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SiteState parse(String value) {
        for (SiteState state : values()) {
            if (state.label().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("site state must be active, draining or down: " + value);
    }
}
