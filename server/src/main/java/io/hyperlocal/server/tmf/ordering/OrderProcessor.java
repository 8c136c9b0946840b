package io.hyperlocal.server.tmf.ordering;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.catalog.Offerings;
import io.hyperlocal.server.tmf.common.TmfClock;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.hub.EventOutbox;
import io.hyperlocal.server.tmf.hub.TmfApi;
import io.hyperlocal.server.tmf.inventory.ProductStatus;
import io.hyperlocal.server.tmf.inventory.Products;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers acknowledged product orders, asynchronously: a POST answers {@code acknowledged} at once
 * and the order is processed on this worker, usually within milliseconds. An order is processed in
 * one transaction under its row lock: {@code inProgress}, then each item, then the final state, so a
 * crash leaves it acknowledged and the sweep (every 10 s, on any replica) picks it up again.
 *
 * <ul>
 * <li>unknown customer (no such subscriber): the order is {@code rejected}
 * <li>an item that cannot be delivered (unknown or non-sellable offering, product of another
 * subscriber or already ended): the item is {@code failed}, with a {@code productOrderErrorMessage}
 * <li>the order ends {@code completed} (every item delivered), {@code failed} (none) or {@code partial}
 * </ul>
 */
@ApplicationScoped
public class OrderProcessor {
    static final String KIND = "productOrder";
    private static final Logger LOG = Logger.getLogger(OrderProcessor.class);

    private final TmfStore store;
    private final TmfClock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> daemon(runnable,
            "hyperlocal-product-orders"));
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(
            runnable, "hyperlocal-product-order-sweep"));

    @Inject
    public OrderProcessor(TmfStore store, TmfClock clock) {
        this.store = store;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 10, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
        worker.shutdownNow();
    }

    /** A start that fails after polling began fires no ShutdownEvent; the container still destroys its beans. */
    @PreDestroy
    void destroy() {
        sweeper.shutdownNow();
        worker.shutdownNow();
    }

    /** Processes {@code orderId} soon, on the worker. */
    public void submit(String orderId) {
        worker.execute(() -> {
            try {
                process(orderId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Product order %s could not be processed; the sweep retries it", orderId);
            }
        });
    }

    private void sweep() {
        try {
            store.inTransaction(tx -> tx.all(KIND, OrderState.ACKNOWLEDGED.label())).forEach(row -> submit(row.id()));
        } catch (RuntimeException e) {
            LOG.error("The product order sweep failed; it runs again in 10 s", e);
        }
    }

    /** Processes an acknowledged order now and returns it; any other order is returned unchanged. */
    public ObjectNode process(String orderId) {
        return store.inTransaction(tx -> {
            TmfRow row = tx.find(KIND, orderId, true).orElseThrow();
            if (!row.state().equals(OrderState.ACKNOWLEDGED.label())) {
                return row.document();
            }
            Instant now = clock.now();
            ObjectNode order = row.document().deepCopy();
            // Business validation comes before delivery: a rejected order never was in progress.
            Optional<String> billingAccount = subscriberAccount(tx, row.partyId());
            if (billingAccount.isEmpty()) {
                error(order, "unknown_customer", "Unknown customer", "No subscriber '" + row.partyId()
                        + "': create the subscriber first, then order again.", "relatedParty", "", now);
                items(order).forEach(item -> item.put("state", OrderState.REJECTED.label()));
                return finish(tx, row, order, OrderState.REJECTED, now);
            }
            move(tx, order, OrderState.IN_PROGRESS, now);
            String account = order.path("billingAccount").path("id").asText(billingAccount.get());
            int delivered = 0;
            List<ObjectNode> items = items(order);
            for (ObjectNode item : items) {
                try {
                    deliver(tx, item, new Products.Origin(row.partyId(), account, orderId, item.get("id").asText()),
                            now);
                    item.put("state", OrderState.COMPLETED.label());
                    delivered++;
                } catch (ItemFailure failure) {
                    item.put("state", OrderState.FAILED.label());
                    error(order, failure.code, "Item " + item.get("id").asText() + " failed", failure.getMessage(),
                            failure.field, item.get("id").asText(), now);
                } catch (TmfException refused) {
                    item.put("state", OrderState.FAILED.label());
                    error(order, refused.code(), "Item " + item.get("id").asText() + " failed", refused.getMessage(),
                            refused.referenceError(), item.get("id").asText(), now);
                }
            }
            OrderState end = delivered == items.size() ? OrderState.COMPLETED
                    : delivered == 0 ? OrderState.FAILED : OrderState.PARTIAL;
            return finish(tx, row, order, end, now);
        });
    }

    private static void deliver(TmfStore.Tx tx, ObjectNode item, Products.Origin origin, Instant now) {
        String action = item.get("action").asText();
        switch (action) {
            case "add" -> {
                ObjectNode offering = sellable(tx, item, now);
                ObjectNode product = Products.provision(tx, offering, origin, now);
                item.putObject("product").put("@type", "ProductRef").put("id", product.get("id").asText())
                        .put("href", product.get("href").asText());
            }
            case "modify" -> {
                TmfRow product = ownedLiveProduct(tx, item, origin.subscriberId());
                ObjectNode offering = sellable(tx, item, now);
                if (product.document().path("isBundle").asBoolean(false) || offering.path("isBundle").asBoolean(false)) {
                    throw new ItemFailure("bundle_switch_unsupported", "productOffering", "Switching a bundle, or to a "
                            + "bundle, is not supported: order a delete of the product and an add of the offering.");
                }
                Products.switchOffering(tx, product, offering, now);
            }
            case "delete" -> Products.changeStatus(tx, ownedLiveProduct(tx, item, origin.subscriberId()),
                    ProductStatus.TERMINATED, now);
            case "noChange" -> {
                // Nothing to deliver.
            }
            default -> throw new IllegalStateException("unchecked action " + action);
        }
    }

    private static ObjectNode sellable(TmfStore.Tx tx, ObjectNode item, Instant now) {
        String id = item.path("productOffering").path("id").asText();
        ObjectNode offering = Offerings.find(tx, id).orElseThrow(() -> new ItemFailure("unknown_offering",
                "productOffering.id", "No productOffering '" + id + "' in the catalog."));
        Optional<String> why = Offerings.whyNotSellable(offering, now);
        if (why.isPresent()) {
            throw new ItemFailure("offering_not_sellable", "productOffering.id", why.get());
        }
        return offering;
    }

    private static TmfRow ownedLiveProduct(TmfStore.Tx tx, ObjectNode item, String subscriberId) {
        String id = item.path("product").path("id").asText();
        TmfRow product = tx.find(Products.KIND, id, true).orElseThrow(() -> new ItemFailure("unknown_product",
                "product.id", "No product '" + id + "' in the inventory."));
        if (!product.partyId().equals(subscriberId)) {
            throw new ItemFailure("product_of_another_customer", "product.id", "The product " + id
                    + " belongs to another subscriber than this order's customer " + subscriberId + ".");
        }
        if (!ProductStatus.parse(product.state(), "status").isLive()) {
            throw new ItemFailure("product_ended", "product.id", "The product " + id + " is " + product.state()
                    + "; it can no longer be changed.");
        }
        return product;
    }

    private static ObjectNode finish(TmfStore.Tx tx, TmfRow row, ObjectNode order, OrderState end, Instant now) {
        move(tx, order, end, now);
        order.put("completionDate", now.toString());
        tx.update(row.withDocument(order).withState(end.label()));
        LOG.infof("Product order %s is %s", row.id(), end.label());
        return order;
    }

    private static void move(TmfStore.Tx tx, ObjectNode order, OrderState target, Instant now) {
        OrderState current = OrderState.parse(order.get("state").asText(), "state");
        if (!current.next().contains(target)) {
            throw new IllegalStateException("order " + order.get("id") + ": " + current + " -> " + target);
        }
        order.put("state", target.label());
        EventOutbox.publish(tx, TmfApi.ORDERING, "ProductOrderStateChangeEvent", "productOrder", order, now);
    }

    private static void error(ObjectNode order, String code, String reason, String message, String field,
            String itemId, Instant now) {
        ArrayNode errors = order.has("productOrderErrorMessage") ? (ArrayNode) order.get("productOrderErrorMessage")
                : order.putArray("productOrderErrorMessage");
        ObjectNode error = errors.addObject();
        error.put("@type", "ProductOrderErrorMessage").put("code", code).put("reason", reason).put("message", message)
                .put("status", "rejected").put("referenceError", field).put("timestamp", now.toString());
        if (!itemId.isEmpty()) {
            error.putArray("productOrderItem").addObject().put("@type", "ProductOrderItemRef")
                    .put("productOrderId", order.get("id").asText()).put("productOrderItemId", itemId);
        }
    }

    static List<ObjectNode> items(ObjectNode order) {
        return TmfJson.objects(order, "productOrderItem", "productOrderItem");
    }

    private static Optional<String> subscriberAccount(TmfStore.Tx tx, String subscriberId) {
        try (PreparedStatement select = tx.connection().prepareStatement(
                "select billing_account from subscriber where id = ?")) {
            select.setString(1, subscriberId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read subscriber " + subscriberId + ": " + e.getMessage(), e);
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** An item that cannot be delivered: the item fails, the order goes on. */
    private static final class ItemFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;
        private final String field;

        ItemFailure(String code, String field, String message) {
            super(message, null, false, false);
            this.code = code;
            this.field = field;
        }
    }
}
