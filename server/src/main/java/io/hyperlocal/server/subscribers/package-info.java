/**
 * The operator's parties: subscribers (MSISDN, country, billing account) and the partner
 * applications that call the gateway for them. Subscribers come from the BSS through
 * {@code ./hyperlocal import subscribers FILE.csv} ({@link io.hyperlocal.server.subscribers.SubscriberImport},
 * plain JDBC, no Quarkus) or one by one through {@code /admin/subscribers}; partner applications
 * through {@code /admin/partner-apps}.
 *
 * <p>Nullness contract: no parameter, field or return value in this package is {@code null}, except
 * the fields of the JSON bodies ({@code *Body}), which are absent when the client left them out.
 */
package io.hyperlocal.server.subscribers;
