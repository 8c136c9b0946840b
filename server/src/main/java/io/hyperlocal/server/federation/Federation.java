package io.hyperlocal.server.federation;

import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.routing.Candidate;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The live federation: sites and their engines. The set is replaced as a whole (copy on write), so
 * a request sees one consistent snapshot without locking.
 */
@Singleton
public class Federation {
    private volatile List<SiteEngines> sites = List.of();
    /**
     * Each engine's model ids as a set, kept while the engine returns the same model list: routing asks
     * for the candidates on every request, and building the set each time was a percent of the
     * gateway's CPU at 5,000 requests/s. Emptied when the sites are replaced.
     */
    private final Map<InferenceEngine, ModelIds> modelIds = new java.util.concurrent.ConcurrentHashMap<>();

    private record ModelIds(List<ModelInfo> models, java.util.Set<String> ids) {}

    public List<SiteEngines> sites() {
        return sites;
    }

    /** Installs a new set of sites; the caller closes engines that are no longer used. */
    public void replace(List<SiteEngines> newSites) {
        this.sites = List.copyOf(newSites);
        modelIds.clear();
    }

    /** Routing's view of every (site, engine) pair, with live health and load. */
    public List<Candidate> candidates() {
        List<Candidate> candidates = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        for (SiteEngines site : sites) {
            for (InferenceEngine engine : site.engines()) {
                java.util.Set<String> models = modelIds(engine);
                // A site that is not active takes no new request: routing sees its engines as down.
                io.hyperlocal.core.EngineHealth health = site.state() == SiteState.ACTIVE ? engine.health()
                        : new io.hyperlocal.core.EngineHealth.Down("site " + site.site().id() + " is " + site.state().label());
                io.hyperlocal.core.EngineLoad load = engine.load();
                // Figures of in-process engines are live: observed now, on the gateway's clock.
                candidates.add(new Candidate(site.site(), engine.id(), models,
                        Math.max(1, load.slots()), health, new io.hyperlocal.routing.ObservedLoad(load, now)));
            }
        }
        return candidates;
    }

    private java.util.Set<String> modelIds(InferenceEngine engine) {
        List<ModelInfo> models = engine.models();
        ModelIds known = modelIds.get(engine);
        if (known != null && known.models() == models) {
            return known.ids();
        }
        java.util.Set<String> ids = java.util.Set.copyOf(models.stream().map(ModelInfo::id).toList());
        modelIds.put(engine, new ModelIds(models, ids));
        return ids;
    }

    public Optional<InferenceEngine> engine(String siteId, String engineId) {
        for (SiteEngines site : sites) {
            if (site.site().id().equals(siteId)) {
                for (InferenceEngine engine : site.engines()) {
                    if (engine.id().equals(engineId)) {
                        return Optional.of(engine);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Every model served somewhere, with the sites that serve it, in a stable order. */
    public Map<String, ServedModel> models() {
        Map<String, ServedModel> models = new LinkedHashMap<>();
        for (SiteEngines site : sites) {
            for (InferenceEngine engine : site.engines()) {
                for (ModelInfo model : engine.models()) {
                    ServedModel served = models.computeIfAbsent(model.id(),
                            id -> new ServedModel(model, new TreeSet<>()));
                    served.sites().add(site.site().id());
                }
            }
        }
        return models;
    }

    /**
     * Whether an engine serving {@code model} does heavy work on the caller's thread when it starts a
     * generation: llama.cpp renders and tokenises the prompt in {@code generate}. The gateway starts such
     * requests from a worker thread, never from an event loop.
     */
    public boolean dispatchMayBlock(String model) {
        for (SiteEngines site : sites) {
            for (InferenceEngine engine : site.engines()) {
                if (engine.kind() == io.hyperlocal.engines.EngineKind.LLAMA_CPP
                        && engine.models().stream().anyMatch(info -> info.id().equals(model))) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean serves(String model) {
        for (SiteEngines site : sites) {
            for (InferenceEngine engine : site.engines()) {
                for (ModelInfo info : engine.models()) {
                    if (info.id().equals(model)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A model and the ids of the sites serving it. */
    public record ServedModel(ModelInfo info, TreeSet<String> sites) {}
}
