package io.hyperlocal.server.federation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import io.hyperlocal.server.config.HyperlocalConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code POST /federation/heartbeat}: site agents register and report their load here, every 250 ms,
 * with the federation token ({@code hyperlocal.federation.token}) as bearer. A site's first heartbeat,
 * or one whose URL or engines changed, stores the site with one {@code site-agent} engine per
 * agent engine and applies it at once; the others only refresh the figures routing reads.
 */
@Path("/federation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HeartbeatResource {
    private static final Logger LOG = Logger.getLogger(HeartbeatResource.class);

    private final HyperlocalConfig config;
    private final Heartbeats heartbeats;
    private final SiteStore store;
    private final Platform platform;

    @Inject
    public HeartbeatResource(HyperlocalConfig config, Heartbeats heartbeats, SiteStore store, Platform platform) {
        this.config = config;
        this.heartbeats = heartbeats;
        this.store = store;
        this.platform = platform;
    }

    /**
     * The heartbeat's JSON; fields may be missing, and are checked by {@link #beat}. Fields it does not
     * know are ignored: agents and the control plane are upgraded one at a time, and a field a newer
     * agent adds must not stop its heartbeats (the admin API's bodies refuse them: there they are typos).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Body(SiteFields site, String url, List<EngineFields> engines) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SiteFields(String id, String name, String country, String city, Double latitude, Double longitude,
            Set<String> jurisdictionTags) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EngineFields(String id, List<String> models, Integer slots, Integer running, Integer waiting,
            Double kvCacheUsage, Double tokensPerSecond, Boolean healthy) {}

    @POST
    @Path("/heartbeat")
    public Map<String, Object> beat(@HeaderParam("authorization") String authorization, Body body) {
        authenticate(authorization);
        if (body == null || body.site() == null || body.url() == null || body.engines() == null) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "A heartbeat needs 'site', 'url' and 'engines': {\"site\": {\"id\", \"name\", \"country\", \"city\", "
                            + "\"latitude\", \"longitude\", \"jurisdictionTags\"}, \"url\": \"http://...\", \"engines\": [...]}");
        }
        Site site;
        List<Heartbeats.EngineBeat> engines;
        List<EngineSpec> specs;
        try {
            SiteFields fields = body.site();
            site = new Site(require("site.id", fields.id()), require("site.name", fields.name()),
                    require("site.country", fields.country()), require("site.city", fields.city()),
                    require("site.latitude", fields.latitude()), require("site.longitude", fields.longitude()),
                    fields.jurisdictionTags() == null ? Set.of() : fields.jurisdictionTags());
            String url = body.url().endsWith("/") ? body.url().substring(0, body.url().length() - 1) : body.url();
            engines = body.engines().stream().map(HeartbeatResource::engine).toList();
            specs = engines.stream().map(engine -> new EngineSpec(engine.id(), "site-agent", engine.models(),
                    engine.slots(), url + "/v1")).toList();
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("a site agent must report at least one engine");
            }
            return register(site, url, engines, specs);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid heartbeat: " + e.getMessage());
        }
    }

    private Map<String, Object> register(Site site, String url, List<Heartbeats.EngineBeat> engines,
            List<EngineSpec> specs) {
        // Serialised (on the one registry, whatever the resource's scope) so that two beats of a new
        // site store and reload it once, in order.
        synchronized (heartbeats) {
            refuseClash(site.id(), url);
            if (!heartbeats.record(site.id(), url, engines)) {
                return answer(site, false);
            }
            try {
                SiteState state = store.list().stream().filter(record -> record.site().id().equals(site.id()))
                        .map(SiteRecord::state).findFirst().orElse(SiteState.ACTIVE);
                store.save(new SiteRecord(site, state, specs));
                platform.reload();
            } catch (RuntimeException e) {
                heartbeats.forget(site.id());
                throw e;
            }
            LOG.infof("Site agent %s registered at %s with engines %s", site.id(), url,
                    specs.stream().map(spec -> spec.id() + spec.models()).toList());
            return answer(site, true);
        }
    }

    /**
     * Refuses a heartbeat whose site id is taken. Without this, two agents started with the same
     * {@code site.id} replaced each other's registration at every beat (engines stopped and started
     * four times a second, requests cut), and an agent named like a site of the admin API, the sites
     * file or the demo federation silently replaced that site's description and engines. An agent
     * that moved (a new URL after its old one stopped beating for {@code down-after}) is taken back.
     */
    private void refuseClash(String siteId, String url) {
        Optional<Heartbeats.Beat> last = heartbeats.last(siteId);
        if (last.isPresent()) {
            Heartbeats.Beat beat = last.get();
            long ageMillis = heartbeats.age(beat).toMillis();
            if (!beat.url().equals(url) && ageMillis < config.federation().downAfter().toMillis()) {
                throw new HyperlocalException(ErrorCode.CONFLICT, "Site id '" + siteId + "' is taken by the site agent at "
                        + beat.url() + ", whose last heartbeat came " + ageMillis + " ms ago; this agent (" + url
                        + ") was not registered. Give each agent its own site.id in its file; an agent that moved "
                        + "is taken at its new URL once the old one has been silent for "
                        + config.federation().downAfter().toMillis() + " ms (hyperlocal.federation.down-after).");
            }
            return;
        }
        // The first beat since this process started: only the store knows whether the id is an agent's.
        // Read once per site and process, not at every beat.
        Optional<SiteRecord> stored = store.list().stream().filter(record -> record.site().id().equals(siteId)).findFirst();
        if (stored.isPresent() && !isAgentSite(stored.get())) {
            throw new HyperlocalException(ErrorCode.CONFLICT, "Site id '" + siteId + "' belongs to a site declared "
                    + "through /admin/sites, the sites file or the demo federation, not by a site agent; this agent ("
                    + url + ") was not registered. Give the agent its own site.id in its file, or delete the site "
                    + "first (DELETE /admin/sites/" + siteId + ").");
        }
    }

    /** A stored site that an agent registered: it has engines, all of kind {@code site-agent}. */
    private static boolean isAgentSite(SiteRecord record) {
        return !record.engines().isEmpty() && record.engines().stream().allMatch(spec -> "site-agent".equals(spec.kind()));
    }

    private Map<String, Object> answer(Site site, boolean registered) {
        return Map.of("site", site.id(), "registered", registered, "downAfterMs", config.federation().downAfter().toMillis());
    }

    private static Heartbeats.EngineBeat engine(EngineFields fields) {
        int slots = require("engines[].slots", fields.slots());
        EngineLoad load = new EngineLoad(orZero(fields.running()), orZero(fields.waiting()), slots,
                fields.kvCacheUsage() == null ? 0 : fields.kvCacheUsage(),
                fields.tokensPerSecond() == null ? 0 : fields.tokensPerSecond());
        return new Heartbeats.EngineBeat(require("engines[].id", fields.id()), require("engines[].models", fields.models()),
                slots, load, fields.healthy() == null || fields.healthy());
    }

    private void authenticate(String authorization) {
        Optional<String> token = config.federation().token().filter(value -> !value.isBlank());
        if (token.isEmpty()) {
            throw new HyperlocalException(ErrorCode.FEDERATION_DISABLED, "This control plane takes no site agents: "
                    + "set hyperlocal.federation.token (env HYPERLOCAL_FEDERATION_TOKEN) to the federation token, "
                    + "the same on the control plane and on every agent, and restart it.");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new HyperlocalException(ErrorCode.MISSING_API_KEY, "A heartbeat needs the federation token in "
                    + "'Authorization: Bearer <token>' (hyperlocal.federation.token).");
        }
        String offered = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8))) {
            throw new HyperlocalException(ErrorCode.INVALID_API_KEY, "The federation token of this heartbeat is "
                    + "wrong: the agent's 'token' (or HYPERLOCAL_FEDERATION_TOKEN) must equal the control plane's "
                    + "hyperlocal.federation.token.");
        }
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
