package io.hyperlocal.server.metering;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Usage records as CloudEvents 1.0 in JSON (structured mode): the envelope ({@code specversion},
 * {@code id}, {@code source}, {@code type}, {@code subject}, {@code time}, {@code datacontenttype})
 * and the record's fields in {@code data}, snake_case as in the OpenAI usage object. One event is
 * one line: the journal's unit.
 */
public final class UsageEvents {
    public static final String TYPE = "io.hyperlocal.usage.v1";
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UsageEvents() {}

    /** The event as one line of JSON, without a line break. */
    public static String write(UsageRecord record) {
        // An event is 600 to 900 characters: room for it at once, not a copy on growing past 512.
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a usage event to a string", e);
        }
        return out.toString();
    }

    /**
     * The event as a journal line: the JSON that {@link #write} gives, in UTF-8, and a line break.
     * Written straight to bytes, for the request path: no string to build, copy and encode again.
     */
    public static byte[] line(UsageRecord record) {
        ByteArrayBuilder out = new ByteArrayBuilder(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(json, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a usage event to bytes", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void write(JsonGenerator json, UsageRecord record) throws IOException {
        json.writeStartObject();
        json.writeStringField("specversion", "1.0");
        json.writeStringField("id", record.id());
        json.writeStringField("source", record.source());
        json.writeStringField("type", TYPE);
        json.writeStringField("subject", record.subject());
        json.writeStringField("time", record.time().toString());
        json.writeStringField("datacontenttype", "application/json");
        json.writeObjectFieldStart("data");
        json.writeStringField("endpoint", record.endpoint());
        json.writeStringField("model", record.model());
        json.writeStringField("site", record.site());
        json.writeStringField("jurisdiction", record.jurisdiction());
        json.writeNumberField("prompt_tokens", record.promptTokens());
        json.writeNumberField("completion_tokens", record.completionTokens());
        json.writeNumberField("total_tokens", (long) record.promptTokens() + record.completionTokens());
        json.writeStringField("status", record.status().value());
        if (!record.errorCode().isEmpty()) {
            json.writeStringField("error_code", record.errorCode());
        }
        json.writeObjectFieldStart("timings");
        millis(json, "queued_ms", record.queuedMillis());
        millis(json, "ttft_ms", record.firstTokenMillis());
        millis(json, "total_ms", record.totalMillis());
        json.writeEndObject();
        json.writeStringField("subscriber_id", record.subscriberId());
        json.writeStringField("subscription_id", record.subscriptionId());
        json.writeStringField("offering_id", record.offeringId());
        json.writeStringField("key_id", record.keyId());
        json.writeStringField("partner_app_id", record.partnerAppId());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void millis(JsonGenerator json, String name, long value) throws IOException {
        if (value < 0) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    /**
     * Reads an event written by {@link #write}.
     *
     * @throws IllegalArgumentException when the line is not such an event, saying what is wrong
     */
    public static UsageRecord read(String line) {
        JsonNode event;
        try {
            event = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!"1.0".equals(event.path("specversion").asText()) || !TYPE.equals(event.path("type").asText())) {
            throw new IllegalArgumentException("not a CloudEvent 1.0 of type " + TYPE);
        }
        JsonNode data = event.path("data");
        JsonNode timings = data.path("timings");
        try {
            return new UsageRecord(event.path("id").asText(), event.path("source").asText(),
                    instant(event.path("time").asText()), event.path("subject").asText(),
                    data.path("subscriber_id").asText(), data.path("partner_app_id").asText(),
                    data.path("key_id").asText(), data.path("subscription_id").asText(),
                    data.path("offering_id").asText(), data.path("endpoint").asText(), data.path("model").asText(),
                    data.path("site").asText(), data.path("jurisdiction").asText(),
                    data.path("prompt_tokens").asInt(), data.path("completion_tokens").asInt(),
                    UsageStatus.parse(data.path("status").asText()), data.path("error_code").asText(""),
                    timings.path("queued_ms").asLong(-1), timings.path("ttft_ms").asLong(-1),
                    timings.path("total_ms").asLong(0));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time: " + e.getMessage(), e);
        }
    }

    /**
     * {@link Instant#parse}, faster for the form {@link Instant#toString} writes between the years 1000
     * and 9999 ({@code 2026-11-27T02:55:13.123456Z}): the shipper reads every journaled time, and the
     * formatter took a tenth of its CPU. Any other text goes to {@link Instant#parse}, which also
     * refuses what is not a time.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (length > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        for (int i = 20; i < length - 1; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return Instant.parse(text);
            }
            nanos = nanos * 10 + digit;
        }
        for (int i = length - 1; i < 29; i++) {
            nanos *= 10;
        }
        if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            // Not digits (-1), out of range, or a leap second: the formatter decides, and says what is wrong.
            return Instant.parse(text);
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
