package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.tmf.catalog.CatalogKind;
import io.hyperlocal.server.tmf.catalog.CatalogService;
import io.hyperlocal.server.tmf.catalog.Offerings;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.inventory.Products;
import io.hyperlocal.server.tmf.inventory.TermLifecycle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle job ends a promotional term on the right day: a 12-month promotion started
 * 2026-01-31T10:00Z ends 2027-01-31T10:00Z (the same day of month, same time), not a day or a
 * second before, whether the product then pays the post-term price or terminates.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class TermLifecycleTest {
    private static final Instant START = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant END = Instant.parse("2027-01-31T10:00:00Z");

    @Inject
    TermLifecycle lifecycle;
    @Inject
    TmfStore store;
    @Inject
    CatalogService catalog;
    @Inject
    DataSource dataSource;

    /** Provisions {@code offeringId} for a new subscriber as an order completed at {@code start} would. */
    private String provisionAt(String offeringId, Instant start) {
        String subscriber = Subscribers.create(dataSource);
        return store.inTransaction(tx -> Products.provision(tx, Offerings.find(tx, offeringId).orElseThrow(),
                new Products.Origin(subscriber, "ba-test", "", ""), start)).get("id").asText();
    }

    private ObjectNode product(String id) {
        return store.find(Products.KIND, id).map(TmfRow::document).orElseThrow();
    }

    /** Runs the job as its scheduler would, with a clock stopped at {@code now}. */
    private void runWithClock(Clock clock) {
        lifecycle.runAt(clock.instant());
    }

    @Test
    void aTwelveMonthPromotionMovesToItsListPriceOnItsLastDayNotBefore() {
        String id = provisionAt("offer-ai-pro", START);
        ObjectNode started = product(id);
        assertThat(started.at("/productTerm/0/validFor/endDateTime").asText()).isEqualTo(END.toString());
        assertThat(started.at("/productPrice/0/price/taxIncludedAmount/value").decimalValue()).isEqualByComparingTo("0");

        runWithClock(Clock.fixed(Instant.parse("2027-01-30T10:00:00Z"), ZoneOffset.UTC));
        runWithClock(Clock.fixed(END.minusSeconds(1), ZoneOffset.UTC));
        assertThat(product(id).at("/productPrice/0/price/taxIncludedAmount/value").decimalValue())
                .isEqualByComparingTo("0");

        runWithClock(Clock.fixed(END, ZoneOffset.UTC));
        ObjectNode after = product(id);
        assertThat(after.get("status").asText()).isEqualTo("active");
        assertThat(after.get("productPrice")).hasSize(1);
        assertThat(after.at("/productPrice/0/price/taxIncludedAmount/value").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(after.at("/productPrice/0/productOfferingPrice/id").asText()).isEqualTo("pop-ai-pro-monthly");

        // Applied once: a later run changes nothing.
        runWithClock(Clock.fixed(END.plusSeconds(86_400), ZoneOffset.UTC));
        assertThat(product(id)).isEqualTo(after);
    }

    @Test
    void aPromotionWithoutAPostTermPriceTerminatesAtItsEnd() {
        String suffix = Long.toString(System.nanoTime());
        catalog.create(CatalogKind.PRICE, TmfJson.parseObject("""
                {"@type": "ProductOfferingPrice", "id": "trial-%s", "name": "Trial", "lifecycleStatus": "Launched",
                 "priceType": "recurring", "recurringChargePeriodType": "month", "price": {"unit": "EUR", "value": 0},
                 "productOfferingTerm": [{"name": "1 month trial", "duration": {"amount": 1, "units": "month"}}]}"""
                .formatted(suffix)));
        catalog.create(CatalogKind.OFFERING, TmfJson.parseObject("""
                {"@type": "ProductOffering", "id": "trial-offer-%s", "name": "AI trial", "lifecycleStatus": "Launched",
                 "productSpecification": {"id": "spec-ai-basic"}, "productOfferingPrice": [{"id": "trial-%s"}],
                 "productOfferingTerm": [{"name": "1 month trial", "duration": {"amount": 1, "units": "month"}}]}"""
                .formatted(suffix, suffix)));
        String id = provisionAt("trial-offer-" + suffix, START);
        Instant end = Instant.parse("2026-02-28T10:00:00Z");
        runWithClock(Clock.fixed(end.minusMillis(1), ZoneOffset.UTC));
        assertThat(product(id).get("status").asText()).isEqualTo("active");
        runWithClock(Clock.fixed(end.plusSeconds(30), ZoneOffset.UTC));
        ObjectNode ended = product(id);
        assertThat(ended.get("status").asText()).isEqualTo("terminated");
        assertThat(ended.get("terminationDate").asText()).isEqualTo(end.toString());
    }
}
