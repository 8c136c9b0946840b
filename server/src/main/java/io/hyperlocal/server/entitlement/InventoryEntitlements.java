package io.hyperlocal.server.entitlement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.database.ChangeSignals;
import io.hyperlocal.server.database.WouldBlock;
import io.hyperlocal.server.tmf.catalog.AiCharacteristics;
import io.hyperlocal.server.tmf.catalog.CatalogKind;
import io.hyperlocal.server.tmf.common.TmfRow;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.inventory.ProductStatus;
import io.hyperlocal.server.tmf.inventory.Products;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Entitlements from the product inventory: a subscriber's ACTIVE products (a bundle's children
 * included, each its own product), each granting what its offering's specification says
 * ({@link AiCharacteristics}). Products whose specification grants no AI (a mobile plan) give none.
 *
 * <p>{@link #active} answers from memory. A worker reads the change marker that every catalog or
 * inventory write moves ({@code tmf_change}), on this replica or another sharing the database, and
 * rebuilds the whole map when it moved: when a {@linkplain ChangeSignals notification} says it moved
 * (and every {@link #SAFETY_INTERVAL}), or, while notifications do not arrive, every
 * {@code hyperlocal.tmf.entitlement-refresh}. The map is
 * swapped at once, so a request sees the old entitlements or the new ones, never a mix. The rebuild
 * reads every active product: fine for a demo platform and up to some hundred thousand products,
 * after which it should become incremental.
 */
@Singleton
public class InventoryEntitlements implements EntitlementSource {
    private static final Logger LOG = Logger.getLogger(InventoryEntitlements.class);

    /** How often the marker is read although no notification came, while they arrive. */
    static final Duration SAFETY_INTERVAL = Duration.ofSeconds(5);

    private final TmfStore store;
    private final Duration refresh;
    private final ChangeSignals.Gate gate;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hyperlocal-entitlements");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Snapshot snapshot;

    /** The entitlements of every subscriber, as of {@code revision} of the change marker. */
    private record Snapshot(long revision, Map<String, List<Entitlement>> bySubscriber) {}

    @Inject
    public InventoryEntitlements(TmfStore store, HyperlocalConfig config, ChangeSignals signals) {
        this.store = store;
        this.refresh = config.tmf().entitlementRefresh();
        if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(Duration.ofMillis(500)) > 0) {
            throw new IllegalArgumentException("hyperlocal.tmf.entitlement-refresh must be within (0, 500ms]: "
                    + refresh + " (changes must be enforced within a second)");
        }
        this.gate = signals.gate(ChangeSignals.Topic.TMF, SAFETY_INTERVAL, poller, this::tick);
    }

    void onStart(@Observes StartupEvent event) {
        poller.scheduleWithFixedDelay(this::tick, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!gate.pollNow()) {
            return;
        }
        try {
            refreshIfChanged();
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh the entitlements; the previous ones stay in force until the next try", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
    }

    /** A start that fails after polling began fires no ShutdownEvent; the container still destroys its beans. */
    @PreDestroy
    void destroy() {
        poller.shutdownNow();
    }

    @Override
    public List<Entitlement> active(String subscriberId) {
        Snapshot current = snapshot;
        if (current == null) {
            WouldBlock.check();
            current = refreshIfChanged();
        }
        return current.bySubscriber().getOrDefault(subscriberId, List.of());
    }

    /** Rebuilds the entitlements now if the catalog or inventory changed since the last build. */
    public void refresh() {
        refreshIfChanged();
    }

    private synchronized Snapshot refreshIfChanged() {
        long revision = store.revision();
        Snapshot current = snapshot;
        if (current != null && current.revision() == revision) {
            return current;
        }
        Snapshot built = new Snapshot(revision, store.inTransaction(InventoryEntitlements::build));
        snapshot = built;
        return built;
    }

    private static Map<String, List<Entitlement>> build(TmfStore.Tx tx) {
        Map<String, Optional<AiCharacteristics>> specifications = new HashMap<>();
        for (TmfRow spec : tx.all(CatalogKind.SPECIFICATION.path())) {
            try {
                specifications.put(spec.id(), AiCharacteristics.of(spec.document()));
            } catch (RuntimeException e) {
                // Checked when stored; a bad one (written around the API) must not hide everyone else's.
                LOG.warnf("Product specification %s grants nothing: %s", spec.id(), e.getMessage());
                specifications.put(spec.id(), Optional.empty());
            }
        }
        Map<String, String> specificationOfOffering = new HashMap<>();
        for (TmfRow offering : tx.all(CatalogKind.OFFERING.path())) {
            specificationOfOffering.put(offering.id(),
                    offering.document().path("productSpecification").path("id").asText(""));
        }
        Map<String, List<Entitlement>> bySubscriber = new HashMap<>();
        for (TmfRow product : tx.all(Products.KIND, ProductStatus.ACTIVE.label())) {
            ObjectNode document = product.document();
            String offeringId = document.path("productOffering").path("id").asText("");
            specifications.getOrDefault(specificationOfOffering.getOrDefault(offeringId, ""), Optional.empty())
                    .ifPresent(ai -> bySubscriber.computeIfAbsent(product.partyId(), id -> new ArrayList<>())
                            .add(ai.entitlement(product.id(), offeringId)));
        }
        bySubscriber.replaceAll((subscriber, entitlements) -> List.copyOf(entitlements));
        return Map.copyOf(bySubscriber);
    }
}
