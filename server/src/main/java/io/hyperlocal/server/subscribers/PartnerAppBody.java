package io.hyperlocal.server.subscribers;

/** The JSON of a partner application in the admin API, as sent; {@link #toPartnerApp} validates it. */
public record PartnerAppBody(String id, String name) {

    static PartnerAppBody of(PartnerApp app) {
        return new PartnerAppBody(app.id(), app.name());
    }

    PartnerApp toPartnerApp() {
        return new PartnerApp(SubscriberBody.required("id", id), SubscriberBody.required("name", name));
    }
}
