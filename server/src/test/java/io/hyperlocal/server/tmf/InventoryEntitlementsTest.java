package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The gateway's entitlements answer from memory and follow changes written by any replica: here
 * "another replica" is a plain SQL transaction on the shared database, which this JVM learns of only
 * through the change marker.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class InventoryEntitlementsTest {
    @Inject
    EntitlementSource entitlements;
    @Inject
    DemoCatalog demo;
    @Inject
    DataSource dataSource;

    @Test
    void aChangeMadeByAnotherReplicaIsEnforcedWithinASecond() throws Exception {
        String subscriber = Subscribers.create(dataSource);
        String productId = demo.order(subscriber, "offer-ai-pro").at("/productOrderItem/0/product/id").asText();
        assertThat(await(subscriber, list -> list.size() == 1).get(0).subscriptionId()).isEqualTo(productId);

        // Another replica suspends the product, and separately lowers the specification's allowance.
        otherReplica("update tmf_resource set state = 'suspended', document = jsonb_set(document, '{status}', "
                + "'\"suspended\"') where kind = 'product' and id = '" + productId + "'");
        await(subscriber, List::isEmpty);
        otherReplica("update tmf_resource set state = 'active', document = jsonb_set(document, '{status}', "
                + "'\"active\"') where kind = 'product' and id = '" + productId + "'");
        await(subscriber, list -> list.size() == 1);
        otherReplica("update tmf_resource set document = jsonb_set(document, "
                + "'{productSpecCharacteristic,1,characteristicValueSpecification,0,value}', '1500000') "
                + "where kind = 'productSpecification' and id = 'spec-ai-pro'");
        await(subscriber, list -> list.size() == 1 && list.get(0).allowanceTokens() == 1_500_000);
        otherReplica("update tmf_resource set document = jsonb_set(document, "
                + "'{productSpecCharacteristic,1,characteristicValueSpecification,0,value}', '2000000') "
                + "where kind = 'productSpecification' and id = 'spec-ai-pro'");
        await(subscriber, list -> list.size() == 1 && list.get(0).allowanceTokens() == 2_000_000);
    }

    @Test
    void aSubscriberWithoutProductsOrWithOnlyAMobilePlanHasNoEntitlement() {
        String subscriber = Subscribers.create(dataSource);
        assertThat(entitlements.active(subscriber)).isEmpty();
        demo.order(subscriber, "offer-5g");
        assertThat(entitlements.active(subscriber)).isEmpty();
        assertThat(entitlements.active("no-such-subscriber")).isEmpty();
    }

    @Test
    void answersComeFromMemoryUntilSomethingChanges() {
        String subscriber = Subscribers.create(dataSource);
        demo.orderBundle(subscriber);
        await(subscriber, list -> list.size() == 1);
        // The same immutable list object each time: served from the in-memory map, not rebuilt per call.
        assertThat(entitlements.active(subscriber)).isSameAs(entitlements.active(subscriber));
    }

    private void otherReplica(String update) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement change = connection.prepareStatement(update);
                    PreparedStatement bump = connection.prepareStatement(
                            "update tmf_change set revision = revision + 1")) {
                assertThat(change.executeUpdate()).isEqualTo(1);
                bump.executeUpdate();
            }
            connection.commit();
        }
    }

    private List<Entitlement> await(String subscriber, Predicate<List<Entitlement>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        List<Entitlement> current;
        do {
            current = entitlements.active(subscriber);
            if (condition.test(current)) {
                return current;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("entitlements of " + subscriber + " not as expected within a second: " + current);
    }
}
