package io.hyperlocal.server.tmf.inventory;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.catalog.Offerings;
import io.hyperlocal.server.tmf.catalog.TermDuration;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfPaths;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.hub.EventOutbox;
import io.hyperlocal.server.tmf.hub.TmfApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The TMF637 products of subscribers: created from an offering by an order, switched to another
 * offering, suspended, resumed, terminated, and moved past the end of their promotional term. Every
 * change runs in the caller's transaction and records its events there.
 *
 * <p>A bundle is a product with {@code isBundle: true} whose {@code product} lists one child
 * product per bundled offering; children carry their own offering, prices and term, and follow
 * their bundle's status changes.
 */
public final class Products {
    public static final String KIND = "product";

    private Products() {}

    /** Who a product is for and why it exists. */
    public record Origin(String subscriberId, String billingAccount, String orderId, String orderItemId) {
        public Origin {
            Objects.requireNonNull(subscriberId, "subscriberId is null");
            Objects.requireNonNull(billingAccount, "billingAccount is null");
            Objects.requireNonNull(orderId, "orderId is null");
            Objects.requireNonNull(orderItemId, "orderItemId is null");
        }
    }

    public static String href(String id) {
        return TmfPaths.INVENTORY + "/product/" + id;
    }

    /** Creates an active product of {@code offering} (and its children for a bundle), started at {@code now}. */
    public static ObjectNode provision(TmfStore.Tx tx, ObjectNode offering, Origin origin, Instant now) {
        ObjectNode product = newProduct(tx, offering, origin, now);
        if (offering.path("isBundle").asBoolean(false)) {
            ArrayNode children = product.putArray("product");
            for (ObjectNode childOffering : Offerings.bundled(tx, offering)) {
                ObjectNode child = newProduct(tx, childOffering, origin, now);
                child.putArray("productRelationship").addObject().put("@type", "ProductRelationship")
                        .put("id", product.get("id").asText()).put("href", product.get("href").asText())
                        .put("relationshipType", "bundled");
                insert(tx, child, now);
                children.addObject().put("@type", "ProductRef").put("id", child.get("id").asText())
                        .put("href", child.get("href").asText()).put("name", child.path("name").asText());
            }
        }
        insert(tx, product, now);
        return product;
    }

    /** Moves {@code row} to {@code offering}: new prices and a new term counted from {@code now}. */
    public static ObjectNode switchOffering(TmfStore.Tx tx, TmfRow row, ObjectNode offering, Instant now) {
        ObjectNode product = row.document().deepCopy();
        product.set("productOffering", offeringRef(offering));
        product.put("name", offering.path("name").asText());
        Optional.ofNullable(offering.get("productSpecification")).ifPresentOrElse(
                spec -> product.set("productSpecification", specificationRef((ObjectNode) spec)),
                () -> product.remove("productSpecification"));
        Optional<Instant> due = priceAndTerm(tx, product, offering, now);
        tx.update(row.withDocument(product).withDueAt(due));
        EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductAttributeValueChangeEvent", "product", product, now);
        return product;
    }

    /** Moves {@code row} (and a bundle's children) to {@code target}, refusing an illegal move with 409. */
    public static ObjectNode changeStatus(TmfStore.Tx tx, TmfRow row, ProductStatus target, Instant now) {
        ProductStatus current = ProductStatus.parse(row.state(), "status");
        current.checkMoveTo(target, row.id());
        ObjectNode product = setStatus(tx, row, target, now);
        for (ObjectNode child : TmfJson.objects(product, "product", "product")) {
            tx.find(KIND, child.path("id").asText(), true).ifPresent(childRow -> {
                if (ProductStatus.parse(childRow.state(), "status").next().contains(target)) {
                    setStatus(tx, childRow, target, now);
                }
            });
        }
        return product;
    }

    /**
     * Applies the end of the promotional term of {@code row} if it is due at {@code now}: the
     * product moves to its offering's post-term prices, or terminates when there are none (see
     * {@link Offerings}). Returns whether anything changed.
     */
    public static boolean applyTermEnd(TmfStore.Tx tx, TmfRow row, Instant now) {
        if (row.dueAt().isEmpty() || row.dueAt().get().isAfter(now)) {
            return false;
        }
        Instant end = row.dueAt().get();
        ProductStatus status = ProductStatus.parse(row.state(), "status");
        if (!status.isLive()) {
            tx.update(row.withDueAt(Optional.empty()));
            return false;
        }
        ObjectNode offering = Offerings.find(tx, row.document().path("productOffering").path("id").asText()).orElse(null);
        List<ObjectNode> after = offering == null ? List.of()
                : Offerings.prices(tx, offering).stream().filter(price -> !Offerings.duringTerm(price)).toList();
        if (after.isEmpty()) {
            // Terminated as of the term's end, even when the job runs a little later.
            setStatus(tx, row, ProductStatus.TERMINATED, end);
            return true;
        }
        ObjectNode product = row.document().deepCopy();
        ArrayNode prices = product.putArray("productPrice");
        after.forEach(price -> prices.add(productPrice(price)));
        tx.update(row.withDocument(product).withDueAt(Optional.empty()));
        EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductAttributeValueChangeEvent", "product", product, now);
        return true;
    }

    private static ObjectNode setStatus(TmfStore.Tx tx, TmfRow row, ProductStatus target, Instant now) {
        ObjectNode product = row.document().deepCopy();
        product.put("status", target.label());
        if (target == ProductStatus.TERMINATED || target == ProductStatus.CANCELLED) {
            product.put("terminationDate", now.toString());
        }
        Optional<Instant> due = target.isLive() ? row.dueAt() : Optional.empty();
        tx.update(row.withDocument(product).withState(target.label()).withDueAt(due));
        EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductStateChangeEvent", "product", product, now);
        return product;
    }

    private static ObjectNode newProduct(TmfStore.Tx tx, ObjectNode offering, Origin origin, Instant now) {
        String id = UUID.randomUUID().toString();
        ObjectNode product = TmfJson.MAPPER.createObjectNode();
        product.put("@type", "Product");
        product.put("id", id);
        product.put("href", href(id));
        product.put("name", offering.path("name").asText());
        product.put("status", ProductStatus.ACTIVE.label());
        product.put("isBundle", offering.path("isBundle").asBoolean(false));
        product.put("isCustomerVisible", true);
        product.put("creationDate", now.toString());
        product.put("orderDate", now.toString());
        product.put("startDate", now.toString());
        product.set("productOffering", offeringRef(offering));
        if (offering.get("productSpecification") instanceof ObjectNode spec) {
            product.set("productSpecification", specificationRef(spec));
        }
        product.putObject("billingAccount").put("@type", "BillingAccountRef").put("id", origin.billingAccount());
        ObjectNode party = product.putArray("relatedParty").addObject();
        party.put("@type", "RelatedPartyOrPartyRole").put("role", "customer");
        party.putObject("partyOrPartyRole").put("@type", "PartyRef").put("id", origin.subscriberId())
                .put("@referredType", "Individual");
        if (!origin.orderId().isEmpty()) {
            product.putArray("productOrderItem").addObject().put("@type", "RelatedOrderItem")
                    .put("orderId", origin.orderId()).put("orderItemId", origin.orderItemId())
                    .put("orderItemAction", "add").put("role", "creator");
        }
        product.put("partyId", origin.subscriberId());
        return product;
    }

    private static void insert(TmfStore.Tx tx, ObjectNode product, Instant now) {
        String subscriberId = product.remove("partyId").asText();
        ObjectNode offering = Offerings.find(tx, product.path("productOffering").path("id").asText()).orElseThrow();
        Optional<Instant> due = priceAndTerm(tx, product, offering, now);
        tx.insert(new TmfRow(KIND, product.get("id").asText(), product, product.get("status").asText(), subscriberId, due));
        EventOutbox.publish(tx, TmfApi.INVENTORY, "ProductCreateEvent", "product", product, now);
    }

    /** Sets productPrice and productTerm from {@code offering} for a term starting at {@code start}; the term's end. */
    private static Optional<Instant> priceAndTerm(TmfStore.Tx tx, ObjectNode product, ObjectNode offering,
            Instant start) {
        Optional<ObjectNode> term = Offerings.term(offering);
        List<ObjectNode> prices = Offerings.prices(tx, offering);
        List<ObjectNode> current = new ArrayList<>();
        for (ObjectNode price : prices) {
            if (Offerings.duringTerm(price) == term.isPresent()) {
                current.add(price);
            }
        }
        ArrayNode productPrice = product.putArray("productPrice");
        current.forEach(price -> productPrice.add(productPrice(price)));
        product.remove("productTerm");
        if (term.isEmpty()) {
            return Optional.empty();
        }
        TermDuration duration = Offerings.termDuration(offering).orElseThrow();
        Instant end = duration.endOf(start);
        ObjectNode productTerm = product.putArray("productTerm").addObject();
        productTerm.put("@type", "ProductTerm");
        productTerm.put("name", term.get().path("name").asText(""));
        productTerm.set("duration", term.get().get("duration").deepCopy());
        productTerm.putObject("validFor").put("startDateTime", start.toString()).put("endDateTime", end.toString());
        return Optional.of(end);
    }

    /** A TMF637 ProductPrice from a TMF620 ProductOfferingPrice (the price is quoted tax included). */
    static ObjectNode productPrice(ObjectNode pop) {
        ObjectNode price = TmfJson.MAPPER.createObjectNode();
        price.put("@type", "ProductPrice");
        price.put("name", pop.path("name").asText());
        price.put("priceType", pop.path("priceType").asText());
        if (pop.has("recurringChargePeriodType")) {
            int length = pop.path("recurringChargePeriodLength").asInt(1);
            String period = pop.get("recurringChargePeriodType").asText();
            price.put("recurringChargePeriod", length == 1 ? period : length + " " + period);
        }
        if (pop.get("unitOfMeasure") instanceof ObjectNode unit) {
            price.put("unitOfMeasure", unit.path("amount").asText() + " " + unit.path("units").asText());
        }
        if (pop.get("price") instanceof ObjectNode money) {
            price.putObject("price").put("@type", "Price").set("taxIncludedAmount", money.deepCopy());
        }
        price.putObject("productOfferingPrice").put("@type", "ProductOfferingPriceRef")
                .put("id", pop.path("id").asText()).put("href", pop.path("href").asText())
                .put("name", pop.path("name").asText());
        return price;
    }

    private static ObjectNode offeringRef(ObjectNode offering) {
        ObjectNode ref = TmfJson.MAPPER.createObjectNode();
        ref.put("@type", "ProductOfferingRef").put("id", offering.path("id").asText())
                .put("href", offering.path("href").asText()).put("name", offering.path("name").asText());
        return ref;
    }

    private static ObjectNode specificationRef(ObjectNode spec) {
        ObjectNode ref = TmfJson.MAPPER.createObjectNode();
        ref.put("@type", "ProductSpecificationRef").put("id", spec.path("id").asText());
        ref.put("href", TmfPaths.CATALOG + "/productSpecification/" + spec.path("id").asText());
        return ref;
    }
}
