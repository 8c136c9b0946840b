package io.hyperlocal.server.quota;

import io.hyperlocal.server.entitlement.AllowancePeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One allowance period, {@code [start, end)}. Calendar periods start at midnight UTC (each day, or
 * the first of each month); rolling periods repeat from the subscription's start, a day or a month
 * at a time in UTC (a subscription started on 31 January renews on 28 February, then 31 March:
 * months are added to the start, never chained).
 */
record PeriodWindow(Instant start, Instant end) {
    PeriodWindow {
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(end, "end is null");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start: " + start + " .. " + end);
        }
    }

    /** The period of {@code period} that contains {@code now}. */
    static PeriodWindow containing(AllowancePeriod period, Instant anchor, Instant now) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        return switch (period) {
            case CALENDAR_DAY -> {
                ZonedDateTime start = at.truncatedTo(ChronoUnit.DAYS);
                yield new PeriodWindow(start.toInstant(), start.plusDays(1).toInstant());
            }
            case CALENDAR_MONTH -> {
                ZonedDateTime start = at.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                yield new PeriodWindow(start.toInstant(), start.plusMonths(1).toInstant());
            }
            case ROLLING_DAY -> {
                long days = Math.floorDiv(Duration.between(anchor, now).getSeconds(), 86_400L);
                Instant start = anchor.plus(Duration.ofDays(days));
                yield new PeriodWindow(start, start.plus(Duration.ofDays(1)));
            }
            case ROLLING_MONTH -> rollingMonth(anchor.atZone(ZoneOffset.UTC), at);
        };
    }

    private static PeriodWindow rollingMonth(ZonedDateTime anchor, ZonedDateTime now) {
        long months = ChronoUnit.MONTHS.between(anchor, now);
        // between() truncates toward zero and clamped month ends shift by a day or two: settle the
        // index so that anchor + months <= now < anchor + months + 1.
        while (anchor.plusMonths(months).isAfter(now)) {
            months--;
        }
        while (!anchor.plusMonths(months + 1).isAfter(now)) {
            months++;
        }
        return new PeriodWindow(anchor.plusMonths(months).toInstant(), anchor.plusMonths(months + 1).toInstant());
    }

    /** The period just before this one (same rule, ending where this one starts). */
    static PeriodWindow before(AllowancePeriod period, Instant anchor, PeriodWindow window) {
        return containing(period, anchor, window.start().minusNanos(1));
    }
}
