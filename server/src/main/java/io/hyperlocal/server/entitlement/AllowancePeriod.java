package io.hyperlocal.server.entitlement;

/**
 * How an allowance period is counted: calendar periods start at midnight UTC on the first of the
 * month (or each day); rolling periods start at the subscription's start date and repeat.
 */
public enum AllowancePeriod {
    CALENDAR_DAY,
    CALENDAR_MONTH,
    ROLLING_DAY,
    ROLLING_MONTH
}
