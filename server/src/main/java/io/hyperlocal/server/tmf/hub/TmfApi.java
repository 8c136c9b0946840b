package io.hyperlocal.server.tmf.hub;

import io.hyperlocal.server.tmf.common.TmfPaths;
import java.util.List;
import java.util.stream.Stream;

/** The APIs that take event subscriptions, each with its own {@code /hub}. */
public enum TmfApi {
    CATALOG("productCatalogManagement", TmfPaths.CATALOG, "ProductSpecification", "ProductOffering",
            "ProductOfferingPrice"),
    ORDERING("productOrderingManagement", TmfPaths.ORDERING, "ProductOrder"),
    INVENTORY("productInventory", TmfPaths.INVENTORY, "Product");

    private final String label;
    private final String basePath;
    private final List<String> eventTypes;

    TmfApi(String label, String basePath, String... resourceTypes) {
        this.label = label;
        this.basePath = basePath;
        // The events published about each resource (see the callers of EventOutbox.publish, which checks them).
        this.eventTypes = Stream.of(resourceTypes).flatMap(type -> Stream.of("CreateEvent", "AttributeValueChangeEvent",
                "StateChangeEvent", "DeleteEvent").map(event -> type + event)).toList();
    }

    /** The API of a hub's stored {@link #label()}. */
    public static TmfApi ofLabel(String label) {
        return Stream.of(values()).filter(api -> api.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no TMF API " + label));
    }

    /** The event types this API sends, e.g. {@code ProductStateChangeEvent}: what a hub's query may name. */
    public List<String> eventTypes() {
        return eventTypes;
    }

    /** The name stored with each hub, e.g. {@code productInventory}. */
    public String label() {
        return label;
    }

    public String basePath() {
        return basePath;
    }
}
