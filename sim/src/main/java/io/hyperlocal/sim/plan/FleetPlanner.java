package io.hyperlocal.sim.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sizes every site's pool of every model for the peak of the demand routed to it, and prices it.
 * Demand: each country's requests are split over its allowed sites by their shares, then over the
 * models by the mix; all countries are assumed to peak at once (FR and DE share a time zone; it errs
 * on the safe side elsewhere).
 *
 * <p>Per pool, counted in replicas (a TP4 replica is 4 GPUs): peak load = Σ over its streams of peak
 * requests/s × replica-seconds per request (prompt / prefill rate + completion / decode rate);
 * replicas = max(⌈site minimum GPUs / GPUs per replica⌉, ⌈peak load / target utilisation⌉). Capex =
 * GPUs × price; energy = GPUs × W × PUE × 8760 h / 1000 × the site country's price per kWh (see
 * {@link PoolPlan}); each site adds its network cost ({@link SitePlan}); cost per million tokens and
 * break-even are the fleet's ({@link FleetPlan}).
 */
public final class FleetPlanner {
    /** Hours the GPUs draw power in a year: the same 365-day year demand is counted over. */
    static final double HOURS_PER_YEAR = Demand.DAYS_PER_YEAR * 24;
    /** Slack below which a quotient counts as whole, so 8.0000000001 replicas stays 8. */
    private static final double ROUNDING_SLACK = 1e-9;

    private FleetPlanner() {}

    /** @throws PlanInputException naming the model whose throughput cannot be derived */
    public static FleetPlan plan(PlanInput input) {
        List<SitePlan> sites = new ArrayList<>();
        for (SiteSpec site : input.sites()) {
            double energyPrice = input.country(site.country()).energyPricePerKwh();
            List<PoolPlan> pools = new ArrayList<>();
            for (ModelSpec model : input.models()) {
                if (model.share() == 0) continue;
                List<DemandStream> streams = new ArrayList<>();
                for (CountrySpec country : input.countries()) {
                    Double siteShare = country.siteShares().get(site.name());
                    if (siteShare == null) continue;
                    Demand d = country.demand();
                    double share = siteShare * model.share();
                    streams.add(new DemandStream(country.code(), d.meanRequestsPerSecond() * share,
                            d.peakRequestsPerSecond() * share, d.promptTokensPerRequest(), d.completionTokensPerRequest()));
                }
                pools.add(size(site, model, throughput(model, streams, input), streams, input));
            }
            sites.add(new SitePlan(site, energyPrice, pools));
        }
        return new FleetPlan(input, sites);
    }

    /**
     * What a replica of one pool sustains for the requests that pool serves: its batch is capped by how
     * many of them the KV cache holds, so one country's long requests must not shrink the batch of a
     * site that never sees them. Every country's request must fit in one replica's KV cache.
     *
     * @throws PlanInputException naming the model, or the country whose requests do not fit
     */
    static ReplicaThroughput throughput(ModelSpec model, List<DemandStream> streams, PlanInput input) {
        GpuHardware gpu = input.gpus().get(model.gpu());
        long kvTokens = ReplicaThroughput.kvTokens(model, gpu);
        for (DemandStream stream : streams) {
            double tokens = stream.promptTokens() + stream.completionTokens();
            if (tokens > kvTokens) {
                throw new PlanInputException("countries." + stream.country(), String.format(Locale.ROOT,
                        "a request of %,.0f tokens (promptTokens + completionTokens) does not fit in the KV cache of one"
                                + " replica of %s (%,d tokens)", tokens, model.name(), kvTokens));
            }
        }
        ReplicaThroughput throughput;
        try {
            throughput = ReplicaThroughput.derive(model, gpu, input.slo(),
                    meanTokensPerRequest(streams, input));
        } catch (IllegalArgumentException e) {
            throw new PlanInputException("models." + model.name(), e.getMessage());
        }
        return throughput;
    }

    /**
     * Mean prompt + completion tokens of a pool's requests, weighted by their peak rates; the plain
     * mean of its streams when none has requests, and the whole plan's when it has no stream.
     */
    static double meanTokensPerRequest(List<DemandStream> streams, PlanInput input) {
        double requests = 0;
        double tokens = 0;
        for (DemandStream s : streams) {
            requests += s.peakRequestsPerSecond();
            tokens += s.peakRequestsPerSecond() * (s.promptTokens() + s.completionTokens());
        }
        if (requests > 0) return tokens / requests;
        if (!streams.isEmpty()) return streams.stream().mapToDouble(s -> s.promptTokens() + s.completionTokens()).average().orElseThrow();
        return meanTokensPerRequest(input);
    }

    /**
     * Request-weighted mean prompt + completion tokens over all countries. Countries without requests
     * count equally when no country has any.
     */
    static double meanTokensPerRequest(PlanInput input) {
        double requests = 0;
        double tokens = 0;
        for (CountrySpec c : input.countries()) {
            requests += c.demand().requestsPerDay();
            tokens += c.demand().requestsPerDay() * c.demand().tokensPerRequest();
        }
        if (requests > 0) return tokens / requests;
        return input.countries().stream().mapToDouble(c -> c.demand().tokensPerRequest()).average().orElse(1);
    }

    private static PoolPlan size(SiteSpec site, ModelSpec model, ReplicaThroughput throughput, List<DemandStream> streams,
            PlanInput input) {
        double peakLoad = 0;
        for (DemandStream s : streams) {
            peakLoad += s.peakRequestsPerSecond() * throughput.secondsPerRequest(s.promptTokens(), s.completionTokens());
        }
        int minimum = (site.minimumGpus() + model.gpusPerReplica() - 1) / model.gpusPerReplica();
        double needed = Math.ceil(peakLoad / site.targetUtilisation() - ROUNDING_SLACK);
        if (needed > 1_000_000) {
            throw new PlanInputException("sites." + site.name(), "needs more than a million replicas of " + model.name());
        }
        int replicas = Math.max(minimum, (int) Math.max(0, needed));
        return priced(site, model, throughput, streams, peakLoad, minimum, replicas, input);
    }

    static PoolPlan resize(PoolPlan pool, SitePlan site, int replicas, PlanInput input) {
        return priced(site.site(), pool.model(), pool.throughput(), pool.streams(), pool.peakLoad(), pool.minimumReplicas(),
                replicas, input);
    }

    private static PoolPlan priced(SiteSpec site, ModelSpec model, ReplicaThroughput throughput, List<DemandStream> streams,
            double peakLoad, int minimum, int replicas, PlanInput input) {
        GpuHardware gpu = input.gpus().get(model.gpu());
        int gpus = replicas * model.gpusPerReplica();
        double capex = gpus * gpu.pricePerGpu();
        double kwh = gpus * gpu.powerWatts() * site.pue() * HOURS_PER_YEAR / 1_000;
        double energyPrice = input.country(site.country()).energyPricePerKwh();
        return new PoolPlan(site.name(), model, throughput, streams, peakLoad, minimum, replicas, gpus, capex,
                capex / gpu.amortisationYears(), kwh, kwh * energyPrice);
    }
}
