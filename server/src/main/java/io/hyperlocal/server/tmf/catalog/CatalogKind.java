package io.hyperlocal.server.tmf.catalog;

import java.util.HashSet;
import java.util.Set;

/**
 * The TMF620 resources we serve, with the attributes of their v5 create payloads ({@code _FVO}).
 * {@code lastUpdate} is accepted and ignored: the server sets it.
 */
public enum CatalogKind {
    SPECIFICATION("productSpecification", "ProductSpecification", Set.of("brand", "productNumber", "category",
            "relatedParty", "productSpecCharacteristic", "serviceSpecification", "bundledProductSpecification",
            "productSpecificationRelationship", "resourceSpecification", "attachment", "policy",
            "targetProductSchema", "intentSpecification")),
    OFFERING("productOffering", "ProductOffering", Set.of("isSellable", "statusReason", "place",
            "serviceLevelAgreement", "channel", "serviceCandidate", "category", "resourceCandidate",
            "productOfferingTerm", "productOfferingPrice", "agreement", "bundledProductOffering",
            "bundledGroupProductOffering", "attachment", "marketSegment", "productOfferingRelationship",
            "productOfferingCharacteristic", "prodSpecCharValueUse", "policy", "allowedAction",
            "productSpecification")),
    PRICE("productOfferingPrice", "ProductOfferingPrice", Set.of("unitOfMeasure", "recurringChargePeriodType",
            "recurringChargePeriodLength", "price", "percentage", "bundledPopRelationship", "popRelationship",
            "prodSpecCharValueUse", "productOfferingTerm", "place", "policy", "pricingLogicAlgorithm", "tax",
            "priceType"));

    /** Attributes every catalog create payload may carry. */
    private static final class Common {
        static final Set<String> FIELDS = Set.of("@type", "@baseType", "@schemaLocation", "id", "description",
            "version", "validFor", "isBundle", "lastUpdate", "lifecycleStatus", "name", "externalIdentifier");
    }

    private final String path;
    private final String type;
    private final Set<String> createFields;

    CatalogKind(String path, String type, Set<String> specific) {
        this.path = path;
        this.type = type;
        Set<String> fields = new HashSet<>(Common.FIELDS);
        fields.addAll(specific);
        this.createFields = Set.copyOf(fields);
    }

    /** The collection's path segment and the stored kind, e.g. {@code productOffering}. */
    public String path() {
        return path;
    }

    /** The v5 {@code @type} of the base resource, e.g. {@code ProductOffering}. */
    public String type() {
        return type;
    }

    public Set<String> createFields() {
        return createFields;
    }
}
