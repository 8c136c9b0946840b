package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.llama.LlamaCppEngine;
import io.hyperlocal.engines.llama.LlamaCppSettings;
import io.hyperlocal.engines.llama.LlamaModelLease;
import io.hyperlocal.engines.llama.LlamaModelPool;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.hyperlocal.engines.simulated.SimulatedEngineSettings;
import io.hyperlocal.server.access.ApiKeyStore;
import io.hyperlocal.server.access.DemoKey;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.models.LocalModel;
import io.hyperlocal.server.models.ModelCatalog;
import io.hyperlocal.server.models.ModelDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the local platform: the sites (the demo federation on first start, then whatever the
 * database holds), one engine per site and model sharing each loaded model, and the demo key.
 * Without any model it starts simulated engines and says so everywhere.
 */
@ApplicationScoped
public class Platform {
    public static final String SIMULATED_MODEL = "hyperlocal-simulated";
    private static final Logger LOG = Logger.getLogger(Platform.class);

    private final HyperlocalConfig config;
    private final SiteStore siteStore;
    private final ApiKeyStore keys;
    private final Federation federation;
    private final LlamaModelPool pool = new LlamaModelPool();
    private final List<String> problems = new ArrayList<>();
    private List<LocalModel> models = List.of();
    private String demoKey = "";

    @Inject
    public Platform(HyperlocalConfig config, SiteStore siteStore, ApiKeyStore keys, Federation federation) {
        this.config = config;
        this.siteStore = siteStore;
        this.keys = keys;
        this.federation = federation;
    }

    void onStart(@Observes StartupEvent event) {
        List<Site> sites = siteStore.list();
        if (sites.isEmpty()) {
            DemoSites.SITES.forEach(siteStore::upsert);
            sites = siteStore.list();
            LOG.infof("Created the demo federation: %s", sites.stream().map(Site::id).toList());
        }
        models = new ModelDirectory(config.models().dir(), ModelCatalog.builtIn()).scan();
        Map<Site, List<InferenceEngine>> engines = new LinkedHashMap<>();
        sites.forEach(site -> engines.put(site, new ArrayList<>()));
        for (LocalModel model : models) {
            startLlama(model, engines);
        }
        if (engines.values().stream().allMatch(List::isEmpty)) {
            for (Site site : sites) {
                engines.get(site).add(new SimulatedEngine("simulated", List.of(SIMULATED_MODEL),
                        SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ofMillis(50),
                                Duration.ofMillis(config.simulated().tokenDelayMs()))));
            }
            LOG.warnf("No model found in %s: serving SIMULATED engines (model '%s'), whose text is placeholder",
                    config.models().dir(), SIMULATED_MODEL);
        }
        List<SiteEngines> federated = new ArrayList<>();
        engines.forEach((site, list) -> federated.add(new SiteEngines(site, list)));
        federation.replace(federated);
        String jurisdiction = sites.stream().filter(site -> site.id().equals(config.gateway().site()))
                .map(Site::country).findFirst().orElse(sites.get(0).country());
        demoKey = DemoKey.ensure(keys, config.data().dir(), jurisdiction);
    }

    /** Loads {@code model} once and gives each site an engine with its own slots on it. */
    private void startLlama(LocalModel model, Map<Site, List<InferenceEngine>> engines) {
        LlamaCppSettings settings = llamaSettings();
        int totalSlots = settings.slots() * engines.size();
        List<InferenceEngine> started = new ArrayList<>();
        try {
            for (Map.Entry<Site, List<InferenceEngine>> site : engines.entrySet()) {
                LlamaModelLease lease = pool.open(model.path(), totalSlots, settings);
                LlamaCppEngine engine = new LlamaCppEngine("llama-cpp-" + model.id(), model.id(), lease);
                started.add(engine);
                site.getValue().add(engine);
            }
            LOG.infof("Serving %s (%s) with llama.cpp on %d sites, %d slots each, %d tokens of context per slot",
                    model.id(), model.path().getFileName(), engines.size(), settings.slots(), settings.contextPerSlot());
        } catch (RuntimeException e) {
            // One unreadable model must not keep the others (or the platform) from starting.
            started.forEach(InferenceEngine::close);
            engines.values().forEach(list -> list.removeAll(started));
            String problem = model.path().getFileName() + " could not be loaded: " + e.getMessage();
            problems.add(problem);
            LOG.error(problem, e);
        }
    }

    private LlamaCppSettings llamaSettings() {
        var llama = config.llama();
        int threads = llama.threads() == 0
                ? LlamaCppSettings.defaultThreads(Runtime.getRuntime().availableProcessors()) : llama.threads();
        return new LlamaCppSettings(llama.slots(), llama.contextSize(), threads, threads, llama.maxWaiting());
    }

    void onStop(@Observes ShutdownEvent event) {
        List<SiteEngines> sites = federation.sites();
        federation.replace(List.of());
        sites.forEach(site -> site.engines().forEach(InferenceEngine::close));
    }

    public String demoKey() {
        return demoKey;
    }

    public boolean simulated() {
        return federation.models().values().stream().allMatch(model -> model.info().simulated());
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public String banner() {
        return Banner.render(this, federation, config);
    }

    List<LocalModel> models() {
        return models;
    }
}
