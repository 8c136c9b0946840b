package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.llama.LlamaCppEngine;
import io.hyperlocal.engines.llama.LlamaCppSettings;
import io.hyperlocal.engines.llama.LlamaModelLease;
import io.hyperlocal.engines.llama.LlamaModelPool;
import io.hyperlocal.engines.remote.OpenAiCompatibleEngine;
import io.hyperlocal.engines.remote.RemoteEngineSettings;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.hyperlocal.engines.simulated.SimulatedEngineSettings;
import io.hyperlocal.server.access.AdminKey;
import io.hyperlocal.server.access.ApiKeyStore;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.models.LocalModel;
import io.hyperlocal.server.models.ModelCatalog;
import io.hyperlocal.server.models.ModelDirectory;
import io.hyperlocal.server.tmf.DemoCatalog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Starts the local platform and keeps the live federation in step with the stored sites: the demo
 * federation on first start, one llama.cpp engine per site and model found (each model loaded once
 * and shared), the engines declared through the admin API, and the demo and admin keys. Without any
 * model or declared engine it starts simulated engines and says so everywhere.
 *
 * <p>{@link #reload()} applies stored changes without a restart: engines whose declaration did not
 * change keep running (with their in-flight requests); removed ones are closed. The llama.cpp engines
 * belong to the sites present at start, because llama.cpp fixes a model's slots when it loads it.
 */
@ApplicationScoped
public class Platform {
    public static final String SIMULATED_MODEL = "hyperlocal-simulated";
    private static final Logger LOG = Logger.getLogger(Platform.class);

    private final HyperlocalConfig config;
    private final SiteStore siteStore;
    private final ApiKeyStore keys;
    private final Federation federation;
    private final Heartbeats heartbeats;
    private final DemoCatalog demoCatalog;
    private final DemoParties demoParties;
    private final LlamaModelPool pool = new LlamaModelPool();
    private final List<String> problems = new ArrayList<>();
    /** Engines from the models directory, per site id, created at start. */
    private final Map<String, List<InferenceEngine>> llamaEngines = new LinkedHashMap<>();
    /** Engines declared through the admin API, by site id and spec, reused across reloads. */
    private final Map<String, Map<EngineSpec, InferenceEngine>> declaredEngines = new HashMap<>();
    private final Map<String, InferenceEngine> simulatedFallback = new HashMap<>();
    /** Health probes, metrics polls and timeouts of the remote engines. */
    private final ScheduledExecutorService remoteScheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "hyperlocal-remote-engines");
        thread.setDaemon(true);
        return thread;
    });
    private final Vertx vertx;
    private String demoKey = "";
    private String adminKey = "";

    @Inject
    public Platform(HyperlocalConfig config, SiteStore siteStore, ApiKeyStore keys, Federation federation,
            Heartbeats heartbeats, DemoCatalog demoCatalog, DemoParties demoParties, Vertx vertx) {
        this.vertx = vertx;
        this.demoParties = demoParties;
        this.config = config;
        this.demoCatalog = demoCatalog;
        this.heartbeats = heartbeats;
        this.siteStore = siteStore;
        this.keys = keys;
        this.federation = federation;
    }

    void onStart(@Observes StartupEvent event) {
        config.federation().sitesFile().ifPresent(file -> {
            List<SiteRecord> declared = io.hyperlocal.server.admin.SitesFile.load(file);
            declared.forEach(siteStore::save);
            LOG.infof("Applied %d sites from %s: %s", declared.size(), file,
                    declared.stream().map(record -> record.site().id()).toList());
        });
        List<SiteRecord> records = siteStore.list();
        if (records.isEmpty()) {
            DemoSites.SITES.forEach(site -> siteStore.save(new SiteRecord(site, SiteState.ACTIVE, List.of())));
            records = siteStore.list();
            LOG.infof("Created the demo federation: %s", records.stream().map(r -> r.site().id()).toList());
        }
        // A site with remote engines (a site agent's, or a vLLM declared by the admin) computes elsewhere:
        // it gets no in-process llama.cpp engine.
        List<Site> sites = records.stream()
                .filter(record -> record.engines().stream().allMatch(spec -> spec.kind().equals("simulated")))
                .map(SiteRecord::site).toList();
        sites.forEach(site -> llamaEngines.put(site.id(), new ArrayList<>()));
        for (LocalModel model : sites.isEmpty() ? List.<LocalModel>of()
                : new ModelDirectory(config.models().dir(), ModelCatalog.builtIn()).scan()) {
            startLlama(model, sites);
        }
        reload();
        List<Site> allSites = records.stream().map(SiteRecord::site).toList();
        String jurisdiction = allSites.stream().filter(site -> site.id().equals(config.gateway().site()))
                .map(Site::country).findFirst().orElse(allSites.get(0).country());
        adminKey = AdminKey.ensure(keys, config.data().dir(), config.admin().key(), jurisdiction);
        demoCatalog.ensure();
        DemoParties.Keys demo = demoParties.ensure(config.data().dir());
        demoKey = demo.demoKey();
    }

    /** Rebuilds the live federation from the stored sites. */
    public synchronized void reload() {
        List<SiteRecord> records = siteStore.list();
        List<SiteEngines> sites = new ArrayList<>();
        Map<String, Map<EngineSpec, InferenceEngine>> keep = new HashMap<>();
        for (SiteRecord record : records) {
            String siteId = record.site().id();
            List<InferenceEngine> engines = new ArrayList<>(llamaEngines.getOrDefault(siteId, List.of()));
            Map<EngineSpec, InferenceEngine> previous = declaredEngines.getOrDefault(siteId, Map.of());
            Map<EngineSpec, InferenceEngine> current = new LinkedHashMap<>();
            for (EngineSpec spec : record.engines()) {
                InferenceEngine engine = previous.get(spec);
                if (engine == null) {
                    engine = declared(siteId, spec);
                    LOG.infof("Site %s: started %s engine %s for %s", siteId, spec.kind(), spec.id(), spec.models());
                }
                current.put(spec, engine);
                engines.add(engine);
            }
            keep.put(siteId, current);
            sites.add(new SiteEngines(record.site(), record.state(), engines));
        }
        if (sites.stream().allMatch(site -> site.engines().isEmpty())) {
            sites = withSimulatedFallback(sites);
        }
        federation.replace(sites);
        // Close what no site uses any more, after the switch, so no new request reaches it.
        declaredEngines.forEach((siteId, engines) -> engines.forEach((spec, engine) -> {
            if (keep.getOrDefault(siteId, Map.of()).get(spec) != engine) {
                LOG.infof("Site %s: stopped engine %s", siteId, spec.id());
                engine.close();
            }
        }));
        declaredEngines.clear();
        declaredEngines.putAll(keep);
    }

    private List<SiteEngines> withSimulatedFallback(List<SiteEngines> sites) {
        LOG.warnf("No model found in %s and no engine declared: serving SIMULATED engines (model '%s'), "
                + "whose text is placeholder", config.models().dir(), SIMULATED_MODEL);
        List<SiteEngines> simulated = new ArrayList<>();
        for (SiteEngines site : sites) {
            InferenceEngine engine = simulatedFallback.computeIfAbsent(site.site().id(),
                    id -> new SimulatedEngine("simulated", List.of(SIMULATED_MODEL), SimulatedEngineSettings.DEFAULTS
                            .withDelays(Duration.ofMillis(50), Duration.ofMillis(config.simulated().tokenDelayMs()))));
            simulated.add(new SiteEngines(site.site(), site.state(), List.of(engine)));
        }
        return simulated;
    }

    private InferenceEngine declared(String siteId, EngineSpec spec) {
        return switch (spec.kind()) {
            case "site-agent" -> agentEngine(siteId, spec);
            case "simulated" -> new SimulatedEngine(spec.id(), spec.models(), SimulatedEngineSettings.DEFAULTS
                    .withSlots(spec.maxConcurrency(), SimulatedEngineSettings.DEFAULT_WAITING_LIMIT)
                    .withDelays(Duration.ofMillis(50), Duration.ofMillis(config.simulated().tokenDelayMs())));
            case "openai-compatible" -> remote(spec.id(), RemoteEngineSettings
                    .defaults(URI.create(spec.baseUrl()))
                    .withModels(spec.models(), RemoteEngineSettings.DEFAULT_CONTEXT_LENGTH)
                    .withSlots(spec.maxConcurrency(), RemoteEngineSettings.DEFAULT_WAITING_LIMIT));
            default -> throw new IllegalArgumentException("unknown engine kind " + spec.kind());
        };
    }

    /**
     * An engine of a site agent: called with the federation token, without metrics polling (the
     * heartbeats carry the load), healthy while the heartbeats are fresh.
     */
    private InferenceEngine agentEngine(String siteId, EngineSpec spec) {
        RemoteEngineSettings settings = RemoteEngineSettings.defaults(URI.create(spec.baseUrl()))
                .withApiKey(config.federation().token().orElse(RemoteEngineSettings.NO_API_KEY))
                .withModels(spec.models(), RemoteEngineSettings.DEFAULT_CONTEXT_LENGTH)
                .withSlots(spec.maxConcurrency(), RemoteEngineSettings.DEFAULT_WAITING_LIMIT)
                .withMetricsUrl(RemoteEngineSettings.NO_METRICS);
        return new HeartbeatEngine(siteId, remote(spec.id(), settings), heartbeats, config.federation().downAfter(),
                remoteScheduler);
    }

    /** A remote engine whose streams run on the server's event loops (see {@link VertxStreamTransport}). */
    private OpenAiCompatibleEngine remote(String id, RemoteEngineSettings settings) {
        return new OpenAiCompatibleEngine(id, settings, remoteScheduler, System::nanoTime,
                new VertxStreamTransport(vertx, settings.connectTimeout(), settings.slots()));
    }

    /** Loads {@code model} once and gives each site an engine with its own slots on it. */
    private void startLlama(LocalModel model, List<Site> sites) {
        LlamaCppSettings settings = llamaSettings();
        int totalSlots = settings.slots() * sites.size();
        List<InferenceEngine> started = new ArrayList<>();
        try {
            for (Site site : sites) {
                LlamaModelLease lease = pool.open(model.path(), totalSlots, settings);
                LlamaCppEngine engine = new LlamaCppEngine("llama-cpp-" + model.id(), model.id(), lease);
                started.add(engine);
                llamaEngines.get(site.id()).add(engine);
            }
            LOG.infof("Serving %s (%s) with llama.cpp on %d sites, %d slots each, %d tokens of context per slot",
                    model.id(), model.path().getFileName(), sites.size(), settings.slots(), settings.contextPerSlot());
        } catch (RuntimeException e) {
            // One unreadable model must not keep the others (or the platform) from starting.
            started.forEach(InferenceEngine::close);
            llamaEngines.values().forEach(list -> list.removeAll(started));
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
        remoteScheduler.shutdownNow();
    }

    public String demoKey() {
        return demoKey;
    }

    public String adminKey() {
        return adminKey;
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
}
