package io.hyperlocal.server.metering;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger records a read wants: a time range (from inclusive, to exclusive), a subject (the
 * subscriber, or the key's owner) and a model. Empty strings and absent instants match everything.
 */
public record UsageFilter(Optional<Instant> from, Optional<Instant> to, String subject, String model) {
    public static final UsageFilter ALL = new UsageFilter(Optional.empty(), Optional.empty(), "", "");

    public UsageFilter {
        Objects.requireNonNull(from, "from is null");
        Objects.requireNonNull(to, "to is null");
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(model, "model is null");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "The range is empty: 'from' (" + from.get()
                    + ") must be before 'to' (" + to.get() + ").", "from");
        }
    }

    /**
     * Reads a bound given as a date ({@code 2026-11-01}, midnight UTC) or an instant
     * ({@code 2026-11-01T10:00:00Z}); null or blank is no bound.
     */
    public static Optional<Instant> instant(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            if (value.length() == 10) {
                return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid '" + parameter + "': '" + value
                    + "'. Give a date (2026-11-01, midnight UTC) or a date and time with its offset "
                    + "(2026-11-01T10:00:00Z).", parameter);
        }
    }

    public static UsageFilter of(String from, String to, String subject, String model) {
        return new UsageFilter(instant(from, "from"), instant(to, "to"), subject == null ? "" : subject,
                model == null ? "" : model);
    }
}
