package io.hyperlocal.server.metering;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
    /** The times {@link #text} writes itself; the JDK's formatter writes the others. */
    private static final long FIRST_FAST_SECOND = LocalDate.of(1000, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_FAST_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399;

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
        json.writeStringField("time", text(record.time()));
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
     * Reads an event written by {@link #write}. Fields in any order; unknown ones are skipped.
     *
     * <p>Token by token rather than through a tree: the shipper reads every journaled event, and the
     * tree (a map entry per field, then a lookup per field) was about half of its own CPU.
     *
     * @throws IllegalArgumentException when the line is not such an event, saying what is wrong
     */
    public static UsageRecord read(String line) {
        Fields fields = new Fields();
        try (JsonParser json = FACTORY.createParser(line)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Fields.object(json, fields::envelope);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (!"1.0".equals(fields.specversion) || !TYPE.equals(fields.type)) {
            throw new IllegalArgumentException("not a CloudEvent 1.0 of type " + TYPE);
        }
        try {
            return new UsageRecord(fields.id, fields.source, instant(fields.time), fields.subject,
                    fields.subscriberId, fields.partnerAppId, fields.keyId, fields.subscriptionId, fields.offeringId,
                    fields.endpoint, fields.model, fields.site, fields.jurisdiction, fields.promptTokens,
                    fields.completionTokens, UsageStatus.parse(fields.status), fields.errorCode, fields.queuedMillis,
                    fields.firstTokenMillis, fields.totalMillis);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time: " + e.getMessage(), e);
        }
    }

    /** What {@link #read} has met so far; a missing field reads as empty (text) or its default. */
    private static final class Fields {
        String specversion = "";
        String type = "";
        String id = "";
        String source = "";
        String subject = "";
        String time = "";
        String endpoint = "";
        String model = "";
        String site = "";
        String jurisdiction = "";
        String status = "";
        String errorCode = "";
        String subscriberId = "";
        String subscriptionId = "";
        String offeringId = "";
        String keyId = "";
        String partnerAppId = "";
        int promptTokens;
        int completionTokens;
        long queuedMillis = -1;
        long firstTokenMillis = -1;
        long totalMillis;

        /** One field of an object, the parser on its value. */
        private interface Field {
            void read(String name, JsonParser json) throws IOException;
        }

        /** The object the parser is on, field by field; any other value is skipped. */
        static void object(JsonParser json, Field field) throws IOException {
            if (json.currentToken() != JsonToken.START_OBJECT) {
                json.skipChildren();
                return;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                json.nextToken();
                field.read(name, json);
            }
        }

        void envelope(String name, JsonParser json) throws IOException {
            switch (name) {
                case "specversion" -> specversion = text(json);
                case "type" -> type = text(json);
                case "id" -> id = text(json);
                case "source" -> source = text(json);
                case "subject" -> subject = text(json);
                case "time" -> time = text(json);
                case "data" -> object(json, this::data);
                default -> json.skipChildren();
            }
        }

        private void data(String name, JsonParser json) throws IOException {
            switch (name) {
                case "endpoint" -> endpoint = text(json);
                case "model" -> model = text(json);
                case "site" -> site = text(json);
                case "jurisdiction" -> jurisdiction = text(json);
                case "prompt_tokens" -> promptTokens = json.getValueAsInt(0);
                case "completion_tokens" -> completionTokens = json.getValueAsInt(0);
                case "status" -> status = text(json);
                case "error_code" -> errorCode = text(json);
                case "subscriber_id" -> subscriberId = text(json);
                case "subscription_id" -> subscriptionId = text(json);
                case "offering_id" -> offeringId = text(json);
                case "key_id" -> keyId = text(json);
                case "partner_app_id" -> partnerAppId = text(json);
                case "timings" -> object(json, this::timings);
                default -> json.skipChildren();
            }
        }

        private void timings(String name, JsonParser json) throws IOException {
            switch (name) {
                case "queued_ms" -> queuedMillis = number(json, -1);
                case "ttft_ms" -> firstTokenMillis = number(json, -1);
                case "total_ms" -> totalMillis = number(json, 0);
                default -> json.skipChildren();
            }
        }

        /** A number, or {@code absent} for null (the parser's own default would read null as 0). */
        private static long number(JsonParser json, long absent) throws IOException {
            if (json.currentToken() == JsonToken.VALUE_NULL) {
                return absent;
            }
            if (json.currentToken().isStructStart()) {
                json.skipChildren();
                return absent;
            }
            return json.getValueAsLong(absent);
        }

        /** A scalar's text; an object or array (skipped) reads as empty. */
        private static String text(JsonParser json) throws IOException {
            if (json.currentToken().isStructStart()) {
                json.skipChildren();
                return "";
            }
            return json.getValueAsString("");
        }
    }

    /**
     * {@link Instant#toString}, faster between the years 1000 and 9999: every request's usage event
     * carries its time, and the JDK's formatter took a quarter of the event's writing. The same text:
     * seconds always, then the fraction in groups of three digits as far as it is not zero.
     */
    static String text(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return time.toString();
        }
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int nanos = time.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] out = new char[fraction == 0 ? 20 : 21 + fraction];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            out[19] = '.';
            put(out, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos, fraction);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code out[from]}. */
    private static void put(char[] out, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
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
