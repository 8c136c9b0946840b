package io.hyperlocal.server.tmf.common;

/** Base paths of the TM Forum APIs: the v4-style {@code /tmf-api} prefix with the v5 version. */
public final class TmfPaths {
    public static final String ROOT = "/tmf-api/";
    public static final String CATALOG = "/tmf-api/productCatalogManagement/v5";
    public static final String ORDERING = "/tmf-api/productOrderingManagement/v5";
    public static final String INVENTORY = "/tmf-api/productInventory/v5";
    public static final String USAGE = "/tmf-api/usageManagement/v5";
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private TmfPaths() {}
}
