package io.hyperlocal.server.tmf.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * The length of a term, from a TMF {@code Duration {amount, units}}: days, weeks, months or years.
 *
 * <p>End-of-month rule: a term ends on the same day of the month, at the same time of day (UTC),
 * {@code amount} months later; when that month is shorter, on its last day (Java's
 * {@link ZonedDateTime#plusMonths}). So a 12-month term started 2026-01-31 ends 2027-01-31, a
 * 1-month term started 2026-01-31 ends 2026-02-28 and a 12-month term started 2028-02-29 ends
 * 2029-02-28. A term covers {@code [start, end)}: what follows it applies from {@code end}.
 */
public record TermDuration(int amount, ChronoUnit unit) {
    public TermDuration {
        Objects.requireNonNull(unit, "unit is null");
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be 1 or more: " + amount);
        }
        if (unit != ChronoUnit.DAYS && unit != ChronoUnit.WEEKS && unit != ChronoUnit.MONTHS
                && unit != ChronoUnit.YEARS) {
            throw new IllegalArgumentException("unit must be days, weeks, months or years: " + unit);
        }
    }

    /** Reads {@code duration} of a term object at {@code path} ({@code {amount: 12, units: "month"}}). */
    public static TermDuration of(ObjectNode term, String path) {
        JsonNode duration = term.get("duration");
        if (!(duration instanceof ObjectNode object)) {
            throw TmfException.missing(path + ".duration", path + ".duration {amount, units} is required.");
        }
        JsonNode amount = object.get("amount");
        if (amount == null || !amount.canConvertToInt() || !amount.isIntegralNumber() || amount.asInt() < 1) {
            throw TmfException.badRequest(path + ".duration.amount",
                    path + ".duration.amount must be a whole number of 1 or more, not " + amount + ".");
        }
        JsonNode units = object.get("units");
        String name = units == null || !units.isTextual() ? "" : units.asText().trim().toLowerCase(Locale.ROOT);
        ChronoUnit unit = switch (name) {
            case "day", "days" -> ChronoUnit.DAYS;
            case "week", "weeks" -> ChronoUnit.WEEKS;
            case "month", "months" -> ChronoUnit.MONTHS;
            case "year", "years" -> ChronoUnit.YEARS;
            default -> throw TmfException.badRequest(path + ".duration.units", path
                    + ".duration.units must be day, week, month or year (singular or plural), not " + units + ".");
        };
        return new TermDuration(amount.asInt(), unit);
    }

    /** When a term of this length started at {@code start} ends (see the class comment). */
    public Instant endOf(Instant start) {
        return ZonedDateTime.ofInstant(start, ZoneOffset.UTC).plus(amount, unit).toInstant();
    }
}
