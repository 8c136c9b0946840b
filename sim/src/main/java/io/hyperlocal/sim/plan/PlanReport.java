package io.hyperlocal.sim.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables and sentences of a plan, shared by the text, HTML and CSV outputs so they always agree.
 *
 * @param check empty when the simulator check was skipped
 */
public record PlanReport(String source, FleetPlan plan, Optional<FleetCheckReport> check) {

    String currency() {
        return plan.input().currency();
    }

    TextTable throughputTable() {
        TextTable t = new TextTable("Model", "Quant", "GPU", "GPUs/replica>", "Step factor>", "KV tokens>", "Batch>",
                "Decode step>", "Decode tok/s>", "Token budget>", "Prefill tok/s>");
        // One row per model, or per model and site when its sites serve requests of other sizes.
        Map<String, Set<ReplicaThroughput>> byModel = new java.util.LinkedHashMap<>();
        for (PoolPlan pool : plan.pools()) {
            byModel.computeIfAbsent(pool.model().name(), name -> new LinkedHashSet<>()).add(pool.throughput());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (PoolPlan pool : plan.pools()) {
            ModelSpec m = pool.model();
            ReplicaThroughput r = pool.throughput();
            boolean perSite = byModel.get(m.name()).size() > 1;
            if (!seen.add(perSite ? m.name() + "\n" + pool.site() : m.name())) continue;
            t.row(perSite ? m.name() + " (" + pool.site() + ")" : m.name(), m.quantisation().label(), m.gpu(), Integer.toString(m.gpusPerReplica()),
                    Formats.number(m.stepTimeFactor(), 2), Formats.number(r.kvTokens(), 0), Integer.toString(r.batch()),
                    Formats.millisFine(r.decodeStepNanos() / 1e6), Formats.number(r.decodeTokensPerSecond(), 0),
                    Formats.number(r.tokenBudget(), 0), Formats.number(r.prefillTokensPerSecond(), 0));
        }
        return t;
    }

    /** Pools, then a total row per site, then the fleet total. */
    TextTable fleetTable() {
        return fleetTable(plan);
    }

    /** {@link #fleetTable()} for another fleet of the same plan (the one that passes the check). */
    TextTable fleetTable(FleetPlan plan) {
        String cur = currency();
        TextTable t = new TextTable("Site", "Country", "Model", "Peak req/s>", "Peak load>", "Replicas>", "GPUs>",
                "Capex>", "Energy/yr>", "Network/yr>", "Annual cost>", "Tokens/yr>", "Cost/M tok>");
        for (SitePlan site : plan.sites()) {
            String country = site.site().country();
            for (PoolPlan pool : site.pools()) {
                t.row(site.site().name(), country, pool.model().name(), Formats.number(pool.peakRequestsPerSecond(), 1),
                        Formats.number(pool.peakLoad(), 2), Integer.toString(pool.replicas()), Integer.toString(pool.gpus()),
                        Formats.money(cur, pool.capex()), Formats.money(cur, pool.energyCostPerYear()), "",
                        Formats.money(cur, pool.annualCost()), Formats.tokens(pool.tokensPerYear()),
                        pool.tokensPerYear() > 0 ? Formats.price(cur, pool.annualCost() / (pool.tokensPerYear() / 1e6)) : "∞");
            }
            t.row(site.site().name(), country, "site total", Formats.number(site.peakRequestsPerSecond(), 1), "", "",
                    Integer.toString(site.gpus()), Formats.money(cur, site.capex()), Formats.money(cur, site.energyCostPerYear()),
                    Formats.money(cur, site.site().networkCostPerYear()), Formats.money(cur, site.annualCost()),
                    Formats.tokens(site.tokensPerYear()), Formats.price(cur, site.costPerMillionTokens()));
        }
        double energy = plan.sites().stream().mapToDouble(SitePlan::energyCostPerYear).sum();
        double network = plan.sites().stream().mapToDouble(s -> s.site().networkCostPerYear()).sum();
        t.row("FLEET", "", "", Formats.number(plan.peakRequestsPerSecond(), 1), "", "", Integer.toString(plan.gpus()),
                Formats.money(cur, plan.capex()), Formats.money(cur, energy), Formats.money(cur, network),
                Formats.money(cur, plan.annualCost()), Formats.tokens(plan.tokensPerYear()),
                Formats.price(cur, plan.costPerMillionTokens()));
        return t;
    }

    List<String> summaryLines() {
        return summaryLines(plan);
    }

    /** {@link #summaryLines()} for another fleet of the same plan (the one that passes the check). */
    List<String> summaryLines(FleetPlan plan) {
        String cur = currency();
        PlanInput in = plan.input();
        List<String> lines = new ArrayList<>();
        lines.add("Capex " + Formats.money(cur, plan.capex()) + " (" + Formats.money(cur, plan.annualisedCapex())
                + "/yr amortised); opex " + Formats.money(cur, plan.opexPerYear()) + "/yr; annual cost "
                + Formats.money(cur, plan.annualCost()) + " for " + Formats.tokens(plan.tokensPerYear()) + " tokens/yr.");
        lines.add("Cost per million tokens " + Formats.price(cur, plan.costPerMillionTokens()) + " against the API's "
                + Formats.price(cur, in.apiPricePerMillionTokens()) + ": the API would cost " + Formats.money(cur, plan.apiCostPerYear())
                + "/yr, " + (plan.apiCostPerYear() >= plan.annualCost()
                        ? "so the fleet saves " + Formats.money(cur, plan.apiCostPerYear() - plan.annualCost()) + "/yr."
                        : "so the fleet costs " + Formats.money(cur, plan.annualCost() - plan.apiCostPerYear()) + "/yr more."));
        lines.add("Break-even (fleet fixed): " + Formats.tokens(plan.breakEvenTokensPerYear()) + " tokens/yr = "
                + Formats.percent(plan.breakEvenShareOfPlan(), 1) + " of the planned volume; the fleet carries up to "
                + Formats.percent(plan.capacityShareOfPlan(), 0) + " of it at its target utilisation.");
        return lines;
    }

    static String passingHeading(FleetCheckReport report) {
        return report.repaired() ? "Fleet that passes the check (the failing pools resized):"
                : "Largest fleet tried (still failing):";
    }

    TextTable checkTable(FleetCheckReport report) {
        TextTable t = new TextTable("Site", "Model", "Replicas>", "Requests>", "TTFT p50>", "TTFT p99>", "ITL p50>",
                "ITL p99>", "Attainment>", "Result");
        for (PoolCheckResult r : report.planned()) t.row(checkRow(r));
        for (FleetCheckReport.Repair repair : report.repairs()) {
            PoolCheckResult shown = repair.passing().orElse(repair.lastTried());
            String[] row = checkRow(shown);
            row[1] = shown.model() + (repair.passing().isPresent() ? " (repaired)" : " (largest tried)");
            t.row(row);
        }
        return t;
    }

    private static String[] checkRow(PoolCheckResult r) {
        return new String[] {r.site(), r.model(), Integer.toString(r.replicas()), Formats.number(r.requests(), 0),
                Formats.millis(r.ttftP50Millis()), Formats.millis(r.ttftP99Millis()), Formats.millisFine(r.interTokenP50Millis()),
                Formats.millisFine(r.interTokenP99Millis()), Formats.percent(r.attainment(), 2), r.passed() ? "pass" : "FAIL"};
    }

    String sloLine() {
        Slo slo = plan.input().slo();
        return "SLO: TTFT <= " + Formats.millis(slo.ttft().toNanos() / 1e6) + ", mean inter-token gap <= "
                + Formats.millisFine(slo.interToken().toNanos() / 1e6) + ", for " + Formats.percent(slo.attainment(), 1)
                + " of requests at peak.";
    }

    String checkHeading() {
        CheckSettings c = plan.input().check();
        return "Simulator check: each pool at its peak rate for " + minutes(c.window()) + " min after "
                + c.warmup().toSeconds() + " s of warm-up (seed " + c.seed() + ", length CV " + c.lengthCv()
                + "), " + switch (c.simulator()) {
                    case FEDERATION -> "in the federation simulator (ScenarioRunner, hyperlocal routing policy).";
                    case SCHEDULER -> "on the planner's own batch-scheduler loop (join-shortest-queue).";
                };
    }

    List<String> verdictLines(FleetCheckReport report) {
        String cur = currency();
        List<String> lines = new ArrayList<>();
        StringBuilder sites = new StringBuilder("Attainment per site:");
        for (SitePlan s : plan.sites()) {
            sites.append(' ').append(s.site().name()).append(' ').append(Formats.percent(report.siteAttainment(s.site().name()), 2)).append(';');
        }
        lines.add(sites.substring(0, sites.length() - 1) + ".");
        if (report.passed()) {
            lines.add("PASS: the planned fleet meets the SLO at peak at every site.");
            return lines;
        }
        lines.add("FAIL: the planned fleet misses the SLO at peak in " + report.repairs().size() + " pool(s).");
        for (FleetCheckReport.Repair r : report.repairs()) {
            lines.add(r.passing().isPresent()
                    ? "  " + r.site() + " / " + r.model() + ": needs " + r.passing().get().replicas() + " replicas instead of "
                            + r.plannedReplicas() + " to pass."
                    : "  " + r.site() + " / " + r.model() + ": still failing at " + r.lastTried().replicas()
                            + " replicas (bound: check.maxExtraReplicas); the model or the SLO needs rethinking.");
        }
        FleetPlan fixed = report.passingFleet();
        lines.add((report.repaired() ? "Fleet that passes: " : "Largest fleet tried: ") + fixed.gpus() + " GPUs, capex "
                + Formats.money(cur, fixed.capex()) + ", annual cost " + Formats.money(cur, fixed.annualCost()) + ", "
                + Formats.price(cur, fixed.costPerMillionTokens()) + " per million tokens"
                + (report.repaired() ? " (table below; the figures above are the fleet sized for the peak, which fails)."
                        : " (table below; it still fails)."));
        return lines;
    }

    /** The whole text report for stdout. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Hyperlocal capacity plan: ").append(source).append(" (amounts in ").append(currency()).append(")\n");
        out.append(sloLine()).append("\n\n");
        out.append("Throughput per replica, derived from the step-time presets at the SLO:\n").append(throughputTable().render()).append('\n');
        out.append("Fleet sized for the peak:\n").append(fleetTable().render()).append('\n');
        for (String line : summaryLines()) out.append(line).append('\n');
        check.ifPresentOrElse(report -> {
            out.append('\n').append(checkHeading()).append('\n').append(checkTable(report).render());
            for (String line : verdictLines(report)) out.append(line).append('\n');
            if (!report.passed()) {
                out.append('\n').append(passingHeading(report)).append('\n').append(fleetTable(report.passingFleet()).render()).append('\n');
                for (String line : summaryLines(report.passingFleet())) out.append(line).append('\n');
            }
        }, () -> out.append("\nSimulator check skipped (--no-check).\n"));
        return out.toString();
    }

    private static String minutes(Duration d) {
        return Formats.number(d.toMillis() / 60_000.0, d.toMillis() % 60_000 == 0 ? 0 : 1);
    }
}
