package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Usage records as CloudEvents: the envelope, the data, and the way back. */
class UsageEventsTest {
    @Test
    void aRecordIsAStructuredCloudEventOnOneLine() throws Exception {
        UsageRecord record = TestingUsage.record("hyperlocal://gw-1:8080", "req_0123456789abcdef01234567",
                Instant.parse("2026-11-20T10:00:00.123Z"), "sub-42", "stories260k", "fr-mrs", 12, 30, UsageStatus.FAILED);
        String line = UsageEvents.write(record);
        assertThat(line).doesNotContain("\n");
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo("req_0123456789abcdef01234567");
        assertThat(event.get("source").asText()).isEqualTo("hyperlocal://gw-1:8080");
        assertThat(event.get("type").asText()).isEqualTo("io.hyperlocal.usage.v1");
        assertThat(event.get("subject").asText()).isEqualTo("sub-42");
        assertThat(event.get("time").asText()).isEqualTo("2026-11-20T10:00:00.123Z");
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        JsonNode data = event.get("data");
        assertThat(data.get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(data.get("completion_tokens").asInt()).isEqualTo(30);
        assertThat(data.get("total_tokens").asInt()).isEqualTo(42);
        assertThat(data.get("status").asText()).isEqualTo("failed");
        assertThat(data.get("error_code").asText()).isEqualTo("engine_failed");
        assertThat(data.at("/timings/ttft_ms").isNull()).isTrue();
        assertThat(data.at("/timings/total_ms").asLong()).isEqualTo(150);
        assertThat(data.get("site").asText()).isEqualTo("fr-mrs");
        assertThat(data.get("subscription_id").asText()).isEqualTo("sub-sub-42");
        assertThat(UsageEvents.read(line)).isEqualTo(record);
    }

    @Property(tries = 200)
    void everyRecordSurvivesTheRoundTrip(@ForAll @StringLength(min = 1, max = 40) String subject,
            @ForAll @StringLength(max = 20) String model, @ForAll @IntRange(max = 1_000_000) int prompt,
            @ForAll @IntRange(max = 1_000_000) int completion, @ForAll UsageStatus status) {
        if (subject.isBlank()) {
            return;
        }
        UsageRecord record = TestingUsage.record("src", "req_1", Instant.ofEpochMilli(1_790_000_000_123L), subject,
                model, "de-fra", prompt, completion, status);
        assertThat(UsageEvents.read(UsageEvents.write(record))).isEqualTo(record);
    }

    @Property(tries = 200)
    void theJournalLineIsTheEventInUtf8WithItsLineBreak(@ForAll @StringLength(min = 1, max = 40) String subject,
            @ForAll @StringLength(max = 20) String model, @ForAll UsageStatus status) {
        if (subject.isBlank()) {
            return;
        }
        UsageRecord record = TestingUsage.record("src", "req_1", Instant.ofEpochMilli(1_790_000_000_123L), subject,
                model, "de-fra", 7, 9, status);
        assertThat(UsageEvents.line(record))
                .isEqualTo((UsageEvents.write(record) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsAreReadInAnyOrderAndUnknownOnesAreSkipped() throws Exception {
        UsageRecord record = TestingUsage.record("src", "req_9", Instant.parse("2026-11-20T10:00:00.5Z"), "sub-7",
                "stories260k", "de-fra", 3, 4, UsageStatus.FAILED);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode written = (ObjectNode) mapper.readTree(UsageEvents.write(record));
        ObjectNode data = (ObjectNode) written.get("data");
        // The same fields, last first, with extensions of every JSON kind in between.
        ObjectNode reordered = mapper.createObjectNode();
        reordered.putArray("ext_list").add(1).addObject().putArray("deep").add("x");
        reordered.set("data", reversed(mapper, data).put("ext_flag", true).putNull("ext_null"));
        reversed(mapper, written).properties().forEach(field -> {
            if (!field.getKey().equals("data")) {
                reordered.set(field.getKey(), field.getValue());
            }
        });
        reordered.putObject("ext_object").put("id", "not this one");
        assertThat(UsageEvents.read(mapper.writeValueAsString(reordered))).isEqualTo(record);
    }

    private static ObjectNode reversed(ObjectMapper mapper, ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        Collections.reverse(fields);
        ObjectNode copy = mapper.createObjectNode();
        fields.forEach(field -> copy.set(field.getKey(),
                field.getValue() instanceof ObjectNode inner ? reversed(mapper, inner) : field.getValue()));
        return copy;
    }

    @Test
    void aLineThatIsNotAUsageEventIsRefusedWithTheReason() {
        assertThatThrownBy(() -> UsageEvents.read("{\"specversion\":\"1.0\",\"type\":\"other\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.hyperlocal.usage.v1");
        assertThatThrownBy(() -> UsageEvents.read("{\"specv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> UsageEvents.read("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> UsageEvents.read("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }
}
