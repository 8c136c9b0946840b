package io.hyperlocal.server.metering;

import java.time.Instant;

/** Usage records for tests, with the fields a test cares about and plausible values for the rest. */
final class TestingUsage {
    private TestingUsage() {}

    static UsageRecord record(String source, String id, Instant time, String subject, String model, String site,
            int prompt, int completion, UsageStatus status) {
        return new UsageRecord(id, source, time, subject, subject, "", "key-" + subject, "sub-" + subject,
                "offer-ai-pro", "chat.completions", model, site, "FR", prompt, completion, status,
                status == UsageStatus.FAILED ? "engine_failed" : "", 3, status == UsageStatus.FAILED ? -1 : 20, 150);
    }

    static UsageRecord record(String source, String id, String subject) {
        return record(source, id, Instant.parse("2026-11-20T10:00:00Z"), subject, "stories260k", "fr-par", 10, 20,
                UsageStatus.COMPLETED);
    }
}
