package io.hyperlocal.server.tmf.hub;

import io.hyperlocal.server.tmf.common.TmfPaths;

/** The APIs that take event subscriptions, each with its own {@code /hub}. */
public enum TmfApi {
    CATALOG("productCatalogManagement", TmfPaths.CATALOG),
    ORDERING("productOrderingManagement", TmfPaths.ORDERING),
    INVENTORY("productInventory", TmfPaths.INVENTORY);

    private final String label;
    private final String basePath;

    TmfApi(String label, String basePath) {
        this.label = label;
        this.basePath = basePath;
    }

    /** The name stored with each hub, e.g. {@code productInventory}. */
    public String label() {
        return label;
    }

    public String basePath() {
        return basePath;
    }
}
