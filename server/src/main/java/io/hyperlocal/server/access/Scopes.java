package io.hyperlocal.server.access;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.jwt.VerifiedToken;
import io.hyperlocal.server.subscribers.Ids;
import io.hyperlocal.server.subscribers.Text;
import java.util.Objects;

/**
 * For whom a credential acts, given the subscriber a request names ({@code x-hyperlocal-subscriber},
 * empty when absent): a subscriber key or token for its own subscriber only; a partner app for the
 * subscribers linked to it, named on every request; an admin key for any subscriber (support); the
 * demo key for none. The principal's jurisdiction is then the subscriber's country.
 */
final class Scopes {
    private final PartyDirectory parties;

    Scopes(PartyDirectory parties) {
        this.parties = Objects.requireNonNull(parties, "parties is null");
    }

    Principal forKey(KeyRecord key, String actingFor) {
        checkNamed(actingFor);
        String credential = "The API key " + key.prefix() + "... (" + key.id() + ")";
        return switch (key.scope()) {
            case KeyScope.Subscriber subscriber -> {
                if (!actingFor.isEmpty() && !actingFor.equals(subscriber.subscriberId())) {
                    throw otherSubscriber(credential, subscriber.subscriberId(), actingFor);
                }
                yield new Principal(key.id(), key.owner(), key.jurisdiction(), key.role(), subscriber.subscriberId(), "");
            }
            case KeyScope.PartnerApp app -> {
                if (actingFor.isEmpty()) {
                    throw new HyperlocalException(ErrorCode.KEY_SCOPE_MISMATCH, credential + " belongs to partner app "
                            + app.partnerAppId() + ", which calls for a subscriber: name the subscriber in the "
                            + Authenticator.SUBSCRIBER_HEADER + " header (the id of a subscriber linked to the app).");
                }
                PartyDirectory.Subscriber subscriber = linkedSubscriber(credential, app.partnerAppId(), actingFor);
                yield new Principal(key.id(), key.owner(), subscriber.country(), key.role(), subscriber.id(),
                        app.partnerAppId());
            }
            case KeyScope.Unscoped unscoped -> {
                if (actingFor.isEmpty()) {
                    yield new Principal(key.id(), key.owner(), key.jurisdiction(), key.role());
                }
                if (key.role() != Principal.Role.ADMIN) {
                    throw new HyperlocalException(ErrorCode.KEY_SCOPE_MISMATCH, credential + " is scoped to "
                            + key.scope().describe() + "; it cannot act for subscriber " + actingFor + " ("
                            + Authenticator.SUBSCRIBER_HEADER + "). Use a key of that subscriber, or a partner app key "
                            + "linked to it.");
                }
                PartyDirectory.Subscriber subscriber = parties.subscriber(actingFor).orElseThrow(() ->
                        unknownSubscriber(credential + " names subscriber " + actingFor + " ("
                                + Authenticator.SUBSCRIBER_HEADER + ")"));
                yield new Principal(key.id(), key.owner(), subscriber.country(), key.role(), subscriber.id(), "");
            }
        };
    }

    Principal forToken(VerifiedToken token, String actingFor) {
        checkNamed(actingFor);
        String credential = "The bearer token of " + token.issuer();
        PartyDirectory.Subscriber subscriber = (token.byMsisdn()
                ? parties.subscriberByMsisdn(token.subscriber())
                : parties.subscriber(token.subscriber()))
                .orElseThrow(() -> unknownSubscriber(credential + " is valid but names subscriber "
                        + token.subscriber()));
        if (!actingFor.isEmpty() && !actingFor.equals(subscriber.id())) {
            throw otherSubscriber(credential, subscriber.id(), actingFor);
        }
        // A client id that is no registered partner app (the operator's own app, say) acts for the subscriber.
        String partner = token.partnerAppId();
        if (!partner.isEmpty() && parties.partnerAppExists(partner)) {
            linkedSubscriber(credential + ", issued to partner app " + partner + ",", partner, subscriber.id());
        } else {
            partner = "";
        }
        String owner = partner.isEmpty() ? "subscriber:" + subscriber.id() : "partner-app:" + partner;
        return new Principal("jwt:" + token.issuer() + "#" + token.tokenId(), owner, subscriber.country(),
                Principal.Role.CLIENT, subscriber.id(), partner);
    }

    private PartyDirectory.Subscriber linkedSubscriber(String credential, String partnerAppId, String subscriberId) {
        if (!parties.linked(partnerAppId, subscriberId)) {
            throw new HyperlocalException(ErrorCode.KEY_SCOPE_MISMATCH, credential + " may act only for the "
                    + "subscribers linked to partner app " + partnerAppId + ", and subscriber " + subscriberId
                    + " is not one of them. The operator links them with POST /admin/partner-apps/" + partnerAppId
                    + "/subscribers/" + subscriberId + ".");
        }
        return parties.subscriber(subscriberId).orElseThrow(() -> unknownSubscriber(credential + " names subscriber "
                + subscriberId));
    }

    private static HyperlocalException otherSubscriber(String credential, String own, String named) {
        return new HyperlocalException(ErrorCode.KEY_SCOPE_MISMATCH, credential + " is scoped to subscriber " + own
                + "; it cannot act for subscriber " + named + " (" + Authenticator.SUBSCRIBER_HEADER
                + "). Drop the header, or use a credential of that subscriber.");
    }

    /**
     * A subscriber named in the header must be written as an id can be: anything else cannot name a
     * subscriber, and the refusal shows it shortened (a 5,000-character header was echoed whole).
     */
    private static void checkNamed(String actingFor) {
        if (!actingFor.isEmpty() && !Ids.ID.matcher(actingFor).matches()) {
            throw HyperlocalException.invalidValue(Authenticator.SUBSCRIBER_HEADER, "The "
                    + Authenticator.SUBSCRIBER_HEADER + " header '" + Text.shorten(actingFor) + "' ("
                    + actingFor.length() + " characters) is no subscriber id: an id is 1 to 64 of A-Z a-z 0-9 . _ : -.");
        }
    }

    private static HyperlocalException unknownSubscriber(String what) {
        return new HyperlocalException(ErrorCode.UNKNOWN_SUBSCRIBER, what + ", whom this operator does not know. "
                + "Subscribers are created by the operator's subscriber import or TMF API.");
    }
}
