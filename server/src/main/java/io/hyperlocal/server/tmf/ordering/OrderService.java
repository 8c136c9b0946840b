package io.hyperlocal.server.tmf.ordering;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfClock;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfPaths;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.hub.EventOutbox;
import io.hyperlocal.server.tmf.hub.TmfApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Product orders (TMF622): created {@code acknowledged} (or {@code draft}) after the message-level
 * checks of {@link OrderRules}, then delivered by the {@link OrderProcessor}. A client may submit a
 * draft, cancel an order before its delivery starts, and delete an order that has ended.
 */
@ApplicationScoped
public class OrderService {
    private final TmfStore store;
    private final TmfClock clock;
    private final OrderProcessor processor;

    @Inject
    public OrderService(TmfStore store, TmfClock clock, OrderProcessor processor) {
        this.store = store;
        this.clock = clock;
        this.processor = processor;
    }

    public static String href(String id) {
        return TmfPaths.ORDERING + "/productOrder/" + id;
    }

    public ObjectNode create(ObjectNode body) {
        String customer = OrderRules.check(body);
        String id = TmfJson.optionalText(body, "id", "id").orElseGet(() -> UUID.randomUUID().toString());
        if (!id.matches("[A-Za-z0-9._~-]{1,100}")) {
            throw TmfException.badRequest("id", "id must be 1 to 100 URL-safe characters (letters, digits, . _ ~ -).");
        }
        Instant now = clock.now();
        ObjectNode order = body.deepCopy();
        order.put("id", id);
        order.put("href", href(id));
        OrderState initial = body.path("requestedInitialState").asText("acknowledged").equals("draft")
                ? OrderState.DRAFT : OrderState.ACKNOWLEDGED;
        order.put("state", initial.label());
        order.put("creationDate", now.toString());
        OrderProcessor.items(order).forEach(item -> item.put("state", initial == OrderState.DRAFT
                ? OrderState.ACKNOWLEDGED.label() : initial.label()));
        store.inTransaction(tx -> {
            tx.insert(new TmfRow(OrderProcessor.KIND, id, order, initial.label(), customer, Optional.empty()));
            EventOutbox.publish(tx, TmfApi.ORDERING, "ProductOrderCreateEvent", "productOrder", order, now);
            return null;
        });
        if (initial == OrderState.ACKNOWLEDGED) {
            processor.submit(id);
        }
        return order;
    }

    public ObjectNode patch(String id, ObjectNode patch) {
        TmfJson.rejectUnknown(patch, OrderRules.PATCHABLE, "", "ProductOrder (PATCH; items, parties and accounts "
                + "are fixed once ordered: cancel and order again)");
        Instant now = clock.now();
        boolean[] submitted = {false};
        ObjectNode result = store.inTransaction(tx -> {
            TmfRow row = tx.find(OrderProcessor.KIND, id, true)
                    .orElseThrow(() -> TmfException.notFound(OrderProcessor.KIND, id));
            ObjectNode order = row.document().deepCopy();
            OrderState current = OrderState.parse(row.state(), "state");
            ObjectNode attributes = patch.deepCopy();
            attributes.remove("@type");
            Optional<String> state = TmfJson.optionalText(attributes, "state", "state");
            attributes.remove("state");
            if (current.isFinal() && !attributes.isEmpty()) {
                throw TmfException.conflict("state", "Product order " + id + " is " + current.label()
                        + " and can no longer be changed.");
            }
            TmfJson.mergePatch(order, attributes);
            OrderState next = current;
            if (state.isPresent() && !state.get().equals(current.label())) {
                next = OrderState.parse(state.get(), "state");
                current.checkClientMoveTo(next, id);
                order.put("state", next.label());
                if (next == OrderState.CANCELLED) {
                    order.put("cancellationDate", now.toString());
                    OrderProcessor.items(order).forEach(item -> item.put("state", OrderState.CANCELLED.label()));
                }
                EventOutbox.publish(tx, TmfApi.ORDERING, "ProductOrderStateChangeEvent", "productOrder", order, now);
            }
            if (!attributes.isEmpty()) {
                EventOutbox.publish(tx, TmfApi.ORDERING, "ProductOrderAttributeValueChangeEvent", "productOrder",
                        order, now);
            }
            tx.update(row.withDocument(order).withState(next.label()));
            submitted[0] = next == OrderState.ACKNOWLEDGED && current != OrderState.ACKNOWLEDGED;
            return order;
        });
        if (submitted[0]) {
            processor.submit(id);
        }
        return result;
    }

    /** Deletes an order that has ended (completed, failed, partial, rejected or cancelled). */
    public void delete(String id) {
        store.inTransaction(tx -> {
            TmfRow row = tx.find(OrderProcessor.KIND, id, true)
                    .orElseThrow(() -> TmfException.notFound(OrderProcessor.KIND, id));
            if (!OrderState.parse(row.state(), "state").isFinal()) {
                throw TmfException.conflict("state", "Product order " + id + " is " + row.state()
                        + "; only an ended order can be deleted (cancel it first).");
            }
            tx.delete(OrderProcessor.KIND, id);
            EventOutbox.publish(tx, TmfApi.ORDERING, "ProductOrderDeleteEvent", "productOrder", row.document(),
                    clock.now());
            return null;
        });
    }
}
