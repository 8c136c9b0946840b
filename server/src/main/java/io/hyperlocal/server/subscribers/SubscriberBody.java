package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.time.Clock;

/**
 * The JSON of a subscriber in the admin API, as sent: fields may be missing, and {@link #toSubscriber}
 * turns it into a validated {@link Subscriber} or a 400 that names the field. {@code birthYear} is
 * absent or null when unknown.
 */
public record SubscriberBody(String id, String msisdn, String country, Integer birthYear, String billingAccount) {

    static SubscriberBody of(Subscriber subscriber) {
        return new SubscriberBody(subscriber.id(), subscriber.msisdn(), subscriber.country(),
                subscriber.knownBirthYear().isPresent() ? subscriber.birthYear() : null, subscriber.billingAccount());
    }

    /** @param pathId the id of the URL, or empty when the body must carry it */
    Subscriber toSubscriber(String pathId, Clock clock) {
        String effectiveId = id;
        if (!pathId.isEmpty()) {
            if (id != null && !id.equals(pathId)) {
                throw HyperlocalException.invalidValue("id", "the body's id '" + id + "' differs from the URL's '" + pathId + "'");
            }
            effectiveId = pathId;
        }
        return Subscriber.of(required("id", effectiveId), required("msisdn", msisdn), required("country", country),
                birthYear == null ? Subscriber.UNKNOWN_BIRTH_YEAR : birthYear, required("billingAccount", billingAccount),
                clock);
    }

    static String required(String field, String value) {
        if (value == null) {
            throw new HyperlocalException(ErrorCode.MISSING_PARAMETER, "'" + field + "' is required", field);
        }
        return value;
    }
}
