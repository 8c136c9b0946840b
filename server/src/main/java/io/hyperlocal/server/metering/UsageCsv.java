package io.hyperlocal.server.metering;

import java.io.IOException;
import java.io.Writer;

/** Usage records as CSV lines (RFC 4180: fields with a comma, a quote or a line break are quoted). */
final class UsageCsv {
    static final String HEADER = "time,source,id,subject,subscriber_id,partner_app_id,key_id,subscription_id,"
            + "offering_id,endpoint,model,site,jurisdiction,status,error_code,prompt_tokens,completion_tokens,"
            + "queued_ms,ttft_ms,total_ms\r\n";

    private UsageCsv() {}

    static void write(Writer out, UsageRecord record) throws IOException {
        String[] text = {record.time().toString(), record.source(), record.id(), record.subject(),
                record.subscriberId(), record.partnerAppId(), record.keyId(), record.subscriptionId(),
                record.offeringId(), record.endpoint(), record.model(), record.site(), record.jurisdiction(),
                record.status().value(), record.errorCode()};
        for (String field : text) {
            out.write(quoted(field));
            out.write(',');
        }
        out.write(record.promptTokens() + "," + record.completionTokens() + "," + blankIfNone(record.queuedMillis())
                + "," + blankIfNone(record.firstTokenMillis()) + "," + record.totalMillis() + "\r\n");
    }

    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String blankIfNone(long millis) {
        return millis < 0 ? "" : Long.toString(millis);
    }
}
