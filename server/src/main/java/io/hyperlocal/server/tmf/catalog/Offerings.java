package io.hyperlocal.server.tmf.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How an offering is sold and priced, read from the catalog.
 *
 * <p><b>Sellable</b>: {@code isSellable} is not false, {@code lifecycleStatus} is {@code Launched}
 * or {@code Active} (any case; TMF leaves it a free string) and now is within {@code validFor}.
 *
 * <p><b>Term-end rule</b>: an offering's {@code productOfferingTerm} (at most one) is its
 * promotional term, counted from the product's start. Its prices that carry a
 * {@code productOfferingTerm} apply during the term; its prices without one apply after it (and
 * from the start when the offering has no term). When the term ends and the offering has no price
 * without a term, the product terminates.
 */
public final class Offerings {
    private static final Set<String> SELLABLE_STATUSES = Set.of("launched", "active");

    private Offerings() {}

    public static Optional<ObjectNode> find(TmfStore.Tx tx, String id) {
        return tx.find(CatalogKind.OFFERING.path(), id, false).map(TmfRow::document);
    }

    public static Optional<ObjectNode> specification(TmfStore.Tx tx, ObjectNode offering) {
        String id = offering.path("productSpecification").path("id").asText("");
        return id.isEmpty() ? Optional.empty()
                : tx.find(CatalogKind.SPECIFICATION.path(), id, false).map(TmfRow::document);
    }

    /** Why {@code offering} cannot be ordered at {@code now}; empty when it can. */
    public static Optional<String> whyNotSellable(ObjectNode offering, Instant now) {
        String id = offering.path("id").asText();
        if (!offering.path("isSellable").asBoolean(true)) {
            return Optional.of("The offering " + id + " is not sellable (isSellable: false).");
        }
        String status = offering.path("lifecycleStatus").asText("");
        if (!SELLABLE_STATUSES.contains(status.toLowerCase(Locale.ROOT))) {
            return Optional.of("The offering " + id + " is '" + status + "'; only Launched or Active offerings "
                    + "can be ordered.");
        }
        ObjectNode validFor = TmfJson.optionalObject(offering, "validFor", "validFor").orElse(null);
        if (validFor != null) {
            Optional<Instant> start = CatalogRules.instant(validFor, "startDateTime", "validFor");
            Optional<Instant> end = CatalogRules.instant(validFor, "endDateTime", "validFor");
            if (start.isPresent() && now.isBefore(start.get()) || end.isPresent() && !now.isBefore(end.get())) {
                return Optional.of("The offering " + id + " is not on sale at " + now + " (validFor " + validFor + ").");
            }
        }
        return Optional.empty();
    }

    /** The promotional term of an offering, if it has one. */
    public static Optional<ObjectNode> term(ObjectNode offering) {
        return TmfJson.objects(offering, "productOfferingTerm", "productOfferingTerm").stream().findFirst();
    }

    public static Optional<TermDuration> termDuration(ObjectNode offering) {
        return term(offering).map(term -> TermDuration.of(term, "productOfferingTerm[0]"));
    }

    /** The prices an offering references, in its order. */
    public static List<ObjectNode> prices(TmfStore.Tx tx, ObjectNode offering) {
        return TmfJson.objects(offering, "productOfferingPrice", "productOfferingPrice").stream()
                .map(ref -> tx.find(CatalogKind.PRICE.path(), ref.path("id").asText(), false))
                .flatMap(Optional::stream).map(TmfRow::document).toList();
    }

    /** Whether a price applies during the promotional term only. */
    public static boolean duringTerm(ObjectNode price) {
        return !TmfJson.objects(price, "productOfferingTerm", "productOfferingTerm").isEmpty();
    }

    /** The offerings a bundle is made of, in its order. */
    public static List<ObjectNode> bundled(TmfStore.Tx tx, ObjectNode offering) {
        return TmfJson.objects(offering, "bundledProductOffering", "bundledProductOffering").stream()
                .map(ref -> find(tx, ref.path("id").asText())).flatMap(Optional::stream).toList();
    }
}
