package io.hyperlocal.server.health;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.SiteEngines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every site has at least one engine that can serve. The response lists each engine's
 * health so that {@code /q/health/ready} tells the platform team which one is the problem.
 * (The database's readiness check comes from the datasource extension.)
 */
@Readiness
@ApplicationScoped
public class EnginesReadiness implements HealthCheck {
    private final Federation federation;

    @Inject
    public EnginesReadiness(Federation federation) {
        this.federation = federation;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("engines");
        boolean ready = !federation.sites().isEmpty();
        for (SiteEngines site : federation.sites()) {
            boolean siteReady = false;
            for (InferenceEngine engine : site.engines()) {
                siteReady |= engine.health().canServe();
                response.withData(site.site().id() + "/" + engine.id(), describe(engine.health()));
            }
            ready &= siteReady;
        }
        if (federation.sites().isEmpty()) {
            response.withData("sites", "none started yet");
        }
        return response.status(ready).build();
    }

    private static String describe(EngineHealth health) {
        return switch (health) {
            case EngineHealth.Ready ready -> "ready";
            case EngineHealth.Degraded degraded -> "degraded: " + degraded.reason();
            case EngineHealth.Down down -> "down: " + down.reason();
        };
    }
}
