package io.hyperlocal.server.access;

import java.util.Objects;

/** Whom an API key may call for: one subscriber, the subscribers linked to one partner app, or nobody in particular. */
public sealed interface KeyScope {

    /** The key of one subscriber; it acts for that subscriber only. */
    record Subscriber(String subscriberId) implements KeyScope {
        public Subscriber {
            requireId(subscriberId, "subscriberId");
        }
    }

    /** The key of a partner application; it acts for a subscriber linked to the app, named per request. */
    record PartnerApp(String partnerAppId) implements KeyScope {
        public PartnerApp {
            requireId(partnerAppId, "partnerAppId");
        }
    }

    /** Admin keys and the demo key: they act for no subscriber. */
    record Unscoped() implements KeyScope {}

    /** The scope stored in {@code api_key}: at most one of the two ids is non-empty. */
    static KeyScope of(String subscriberId, String partnerAppId) {
        if (!subscriberId.isEmpty() && !partnerAppId.isEmpty()) {
            throw new IllegalArgumentException("a key is scoped to a subscriber or a partner app, not both: "
                    + subscriberId + ", " + partnerAppId);
        }
        if (!subscriberId.isEmpty()) {
            return new Subscriber(subscriberId);
        }
        return partnerAppId.isEmpty() ? new Unscoped() : new PartnerApp(partnerAppId);
    }

    /** How an error message names this scope. */
    default String describe() {
        return switch (this) {
            case Subscriber subscriber -> "subscriber " + subscriber.subscriberId();
            case PartnerApp app -> "partner app " + app.partnerAppId();
            case Unscoped unscoped -> "no subscriber (an operator key)";
        };
    }

    private static void requireId(String id, String name) {
        Objects.requireNonNull(id, name + " is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
