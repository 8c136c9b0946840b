package io.hyperlocal.server.metering;

import java.util.Locale;

/** How a metered request ended. */
public enum UsageStatus {
    /** The whole answer was sent. */
    COMPLETED,
    /** The request failed after admission; the record carries the error code. */
    FAILED,
    /** The client went away before the answer ended. */
    CANCELLED;

    /** The lower-case name used in the record and the ledger. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UsageStatus parse(String value) {
        for (UsageStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown usage status '" + value + "': expected completed, failed or cancelled");
    }
}
