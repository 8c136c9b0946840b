package io.hyperlocal.server.console;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.SiteEngines;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/**
 * What the console page at {@code /} shows: the sites, their engines with live health and load, and
 * the models. Read-only and free of secrets: no key is needed to look at it.
 */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {
    private final Federation federation;
    private final HyperlocalConfig config;
    private final io.hyperlocal.server.federation.RouteLog routes;
    private final io.hyperlocal.server.federation.PolicyStore policies;

    @Inject
    public ConsoleResource(Federation federation, HyperlocalConfig config,
            io.hyperlocal.server.federation.RouteLog routes, io.hyperlocal.server.federation.PolicyStore policies) {
        this.federation = federation;
        this.config = config;
        this.routes = routes;
        this.policies = policies;
    }

    /**
     * The latest routing decisions in brief (request id, model, requester country, where it went and
     * why, how it ended), newest first. No prompt and no key is in them.
     */
    @GET
    @Path("/routes")
    public List<java.util.Map<String, Object>> routes() {
        return routes.recent(30).stream().map(io.hyperlocal.server.federation.RouteLog.Logged::brief).toList();
    }

    /** The residency policy in force, for the console's explanation of where requests may go. */
    @GET
    @Path("/policy")
    public io.hyperlocal.server.admin.PoliciesResource.Current policy() {
        var current = policies.current();
        return new io.hyperlocal.server.admin.PoliciesResource.Current(current.version(),
                io.hyperlocal.server.federation.PolicyStore.of(current));
    }

    public record Overview(String gatewaySite, boolean simulated, List<SiteView> sites, List<ModelView> models) {}

    public record SiteView(String id, String name, String country, String city, double latitude, double longitude,
            Set<String> jurisdictionTags, List<EngineView> engines, String state) {}

    public record EngineView(String id, String kind, String health, String healthReason, List<ModelInfo> models,
            EngineLoad load) {}

    public record ModelView(String id, boolean simulated, int contextLength, String description, Set<String> sites) {}

    @GET
    @Path("/overview")
    public Overview overview() {
        List<SiteView> sites = federation.sites().stream().map(ConsoleResource::site).toList();
        List<ModelView> models = federation.models().values().stream()
                .map(served -> new ModelView(served.info().id(), served.info().simulated(),
                        served.info().contextLength(), served.info().description(), served.sites()))
                .toList();
        boolean simulated = !models.isEmpty() && models.stream().allMatch(ModelView::simulated);
        return new Overview(config.gateway().site(), simulated, sites, models);
    }

    private static SiteView site(SiteEngines site) {
        List<EngineView> engines = site.engines().stream().map(ConsoleResource::engine).toList();
        var s = site.site();
        // The site's state is shown apart from its engines' health: a drained or down site's engines stay
        // ready, and without it the console showed such a site as serving.
        return new SiteView(s.id(), s.name(), s.country(), s.city(), s.latitude(), s.longitude(), s.jurisdictionTags(),
                engines, site.state().label());
    }

    private static EngineView engine(InferenceEngine engine) {
        EngineHealth health = engine.health();
        String state = switch (health) {
            case EngineHealth.Ready ready -> "ready";
            case EngineHealth.Degraded degraded -> "degraded";
            case EngineHealth.Down down -> "down";
        };
        String reason = switch (health) {
            case EngineHealth.Ready ready -> "";
            case EngineHealth.Degraded degraded -> degraded.reason();
            case EngineHealth.Down down -> down.reason();
        };
        return new EngineView(engine.id(), engine.kind().label(), state, reason, engine.models(), engine.load());
    }
}
