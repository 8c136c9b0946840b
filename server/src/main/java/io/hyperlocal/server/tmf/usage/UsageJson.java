package io.hyperlocal.server.tmf.usage;

import io.hyperlocal.server.metering.UsageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ledger record as a TMF635 {@code Usage}: {@code usageType} {@code aiTokens}, status
 * {@code received} (rating is the billing system's step), the token counts and where the request was
 * served as {@code usageCharacteristic}, the subscriber (or key owner) and the partner app as
 * {@code relatedParty}, and a reference to the {@code aiTokens} usage specification.
 */
final class UsageJson {
    static final String BASE = io.hyperlocal.server.tmf.common.TmfPaths.USAGE;
    /** Attributes every answer keeps, whatever {@code fields} asks. */
    private static final Set<String> ALWAYS = Set.of("id", "href", "@type");

    private UsageJson() {}

    static Map<String, Object> usage(UsageRecord record) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("id", record.id());
        usage.put("href", BASE + "/usage/" + record.id());
        usage.put("@type", "Usage");
        usage.put("usageDate", record.time().toString());
        usage.put("usageType", "aiTokens");
        usage.put("status", "received");
        usage.put("description", record.endpoint() + " " + record.model()
                + (record.site().isEmpty() ? "" : " on " + record.site()) + ": " + record.promptTokens() + " input + "
                + record.completionTokens() + " output tokens, " + record.status().value()
                + (record.errorCode().isEmpty() ? "" : " (" + record.errorCode() + ")"));
        List<Map<String, Object>> characteristics = new ArrayList<>();
        characteristics.add(characteristic("inputTokens", record.promptTokens()));
        characteristics.add(characteristic("outputTokens", record.completionTokens()));
        characteristics.add(characteristic("totalTokens", record.promptTokens() + record.completionTokens()));
        characteristics.add(characteristic("model", record.model()));
        characteristics.add(characteristic("site", record.site()));
        characteristics.add(characteristic("jurisdiction", record.jurisdiction()));
        characteristics.add(characteristic("requestId", record.id()));
        characteristics.add(characteristic("endpoint", record.endpoint()));
        characteristics.add(characteristic("outcome", record.status().value()));
        if (!record.errorCode().isEmpty()) {
            characteristics.add(characteristic("errorCode", record.errorCode()));
        }
        characteristics.add(characteristic("source", record.source()));
        if (!record.subscriptionId().isEmpty()) {
            characteristics.add(characteristic("productId", record.subscriptionId()));
        }
        if (!record.offeringId().isEmpty()) {
            characteristics.add(characteristic("productOfferingId", record.offeringId()));
        }
        usage.put("usageCharacteristic", characteristics);
        List<Map<String, Object>> parties = new ArrayList<>();
        if (!record.subscriberId().isEmpty()) {
            parties.add(party("subscriber", record.subscriberId(), "Individual"));
        } else {
            parties.add(party("keyOwner", record.subject(), "Organization"));
        }
        if (!record.partnerAppId().isEmpty()) {
            parties.add(party("partnerApplication", record.partnerAppId(), "PartyRole"));
        }
        usage.put("relatedParty", parties);
        Map<String, Object> specification = new LinkedHashMap<>();
        specification.put("id", UsageSpecificationJson.ID);
        specification.put("href", BASE + "/usageSpecification/" + UsageSpecificationJson.ID);
        specification.put("name", UsageSpecificationJson.NAME);
        specification.put("@type", "UsageSpecificationRef");
        usage.put("usageSpecification", specification);
        return usage;
    }

    /** Keeps the attributes named in {@code fields} (comma-separated), plus id, href and @type; blank keeps all. */
    static Map<String, Object> select(Map<String, Object> resource, String fields) {
        if (fields == null || fields.isBlank()) {
            return resource;
        }
        Set<String> wanted = new java.util.HashSet<>(ALWAYS);
        for (String field : fields.split(",")) {
            wanted.add(field.strip());
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        resource.forEach((name, value) -> {
            if (wanted.contains(name)) {
                selected.put(name, value);
            }
        });
        return selected;
    }

    private static Map<String, Object> characteristic(String name, Object value) {
        Map<String, Object> characteristic = new LinkedHashMap<>();
        characteristic.put("name", name);
        characteristic.put("value", value);
        boolean number = value instanceof Integer || value instanceof Long;
        characteristic.put("valueType", number ? "integer" : "string");
        characteristic.put("@type", number ? "IntegerCharacteristic" : "StringCharacteristic");
        return characteristic;
    }

    private static Map<String, Object> party(String role, String id, String referredType) {
        Map<String, Object> reference = new LinkedHashMap<>();
        reference.put("id", id);
        reference.put("@type", "PartyRef");
        reference.put("@referredType", referredType);
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("role", role);
        party.put("partyOrPartyRole", reference);
        party.put("@type", "RelatedPartyRefOrPartyRoleRef");
        return party;
    }
}
