package io.hyperlocal.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus metrics. Meters are cached by their tags so that recording costs a map
 * lookup, not a registry search, on the request path.
 *
 * <ul>
 *   <li>{@code hyperlocal_requests_total{endpoint,model,site,status}}
 *   <li>{@code hyperlocal_errors_total{endpoint,code}}
 *   <li>{@code hyperlocal_time_to_first_token_seconds{site,model}} (histogram)
 *   <li>{@code hyperlocal_inter_token_latency_seconds{site,model}} (histogram)
 *   <li>{@code hyperlocal_tokens_total{direction=prompt|completion,site,model}}
 * </ul>
 */
@Singleton
public class GatewayMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    private final Counter movedToWorker;

    @Inject
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.movedToWorker = Counter.builder("hyperlocal.gateway.worker.handoffs")
                .description("Completions moved from the event loop to a worker thread: admission needed the database, "
                        + "or an in-process engine tokenises the prompt")
                .register(registry);
    }

    /** A request left the event loop for a worker thread (an unseen key, a lease to open, a llama.cpp model). */
    public void movedToWorker() {
        movedToWorker.increment();
    }

    public void request(String endpoint, String model, String site, int status) {
        String key = "r|" + endpoint + "|" + model + "|" + site + "|" + status;
        counters.computeIfAbsent(key, k -> Counter.builder("hyperlocal.requests")
                .description("Requests answered by the gateway")
                .tags("endpoint", endpoint, "model", model, "site", site, "status", Integer.toString(status))
                .register(registry)).increment();
    }

    public void error(String endpoint, String code) {
        counters.computeIfAbsent("e|" + endpoint + "|" + code, k -> Counter.builder("hyperlocal.errors")
                .description("Requests that failed, by stable error code")
                .tags("endpoint", endpoint, "code", code)
                .register(registry)).increment();
    }

    public void tokens(String site, String model, int prompt, int completion) {
        if (prompt > 0) {
            tokenCounter("prompt", site, model).increment(prompt);
        }
        if (completion > 0) {
            tokenCounter("completion", site, model).increment(completion);
        }
    }

    public void timeToFirstToken(String site, String model, long nanos) {
        timer("hyperlocal.time.to.first.token", "Time from request to first generated token", site, model)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The inter-token timer of a site and model; a stream looks it up once and records every gap on it. */
    public Timer interTokenLatency(String site, String model) {
        return timer("hyperlocal.inter.token.latency", "Time between two generated tokens", site, model);
    }

    private Counter tokenCounter(String direction, String site, String model) {
        return counters.computeIfAbsent("t|" + direction + "|" + site + "|" + model,
                k -> Counter.builder("hyperlocal.tokens")
                        .description("Tokens read (prompt) and written (completion)")
                        .tags("direction", direction, "site", site, "model", model)
                        .register(registry));
    }

    private Timer timer(String name, String description, String site, String model) {
        return timers.computeIfAbsent(name + "|" + site + "|" + model, k -> Timer.builder(name)
                .description(description)
                .tags("site", site, "model", model)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
    }
}
