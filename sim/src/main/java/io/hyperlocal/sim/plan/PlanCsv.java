package io.hyperlocal.sim.plan;

import java.util.Locale;
import java.util.Optional;

/**
 * plan.csv: one row per pool, then one per site and one for the fleet (model column {@code *}),
 * plain numbers (no separators, money to the cent) for spreadsheets. The check columns are empty
 * when the check was skipped.
 */
final class PlanCsv {
    private PlanCsv() {}

    static String render(PlanReport report) {
        StringBuilder out = new StringBuilder("level,site,country,model,quantisation,gpu,peak_requests_per_second,"
                + "peak_load_replicas,replicas,gpus,capex,annualised_capex,energy_kwh_per_year,energy_cost_per_year,"
                + "network_cost_per_year,annual_cost,tokens_per_year,cost_per_million_tokens,api_price_per_million_tokens,"
                + "check_replicas,check_requests,check_ttft_p99_ms,check_itl_p99_ms,check_attainment,check_passed\n");
        FleetPlan plan = report.plan();
        double api = plan.input().apiPricePerMillionTokens();
        for (SitePlan site : plan.sites()) {
            for (PoolPlan p : site.pools()) {
                Optional<PoolCheckResult> r = report.check().flatMap(c -> c.planned().stream()
                        .filter(x -> x.site().equals(p.site()) && x.model().equals(p.model().name())).findFirst());
                out.append(String.join(",", "pool", site.site().name(), site.site().country(), p.model().name(),
                        p.model().quantisation().label(), p.model().gpu(), n(p.peakRequestsPerSecond()), n(p.peakLoad()),
                        Integer.toString(p.replicas()), Integer.toString(p.gpus()), cents(p.capex()), cents(p.annualisedCapex()),
                        n(p.energyKwhPerYear()), cents(p.energyCostPerYear()), "", cents(p.annualCost()), whole(p.tokensPerYear()),
                        n(p.annualCost() / (p.tokensPerYear() / 1e6)), n(api),
                        r.map(x -> Integer.toString(x.replicas())).orElse(""), r.map(x -> Long.toString(x.requests())).orElse(""),
                        r.map(x -> n(x.ttftP99Millis())).orElse(""), r.map(x -> n(x.interTokenP99Millis())).orElse(""),
                        r.map(x -> n(x.attainment())).orElse(""), r.map(x -> Boolean.toString(x.passed())).orElse(""))).append('\n');
            }
            String attainment = report.check().map(c -> n(c.siteAttainment(site.site().name()))).orElse("");
            out.append(String.join(",", "site", site.site().name(), site.site().country(), "*", "", "",
                    n(site.peakRequestsPerSecond()), "", "", Integer.toString(site.gpus()), cents(site.capex()),
                    cents(site.annualisedCapex()), "", cents(site.energyCostPerYear()), cents(site.site().networkCostPerYear()),
                    cents(site.annualCost()), whole(site.tokensPerYear()), n(site.costPerMillionTokens()), n(api), "", "", "", "",
                    attainment, "")).append('\n');
        }
        out.append(String.join(",", "fleet", "*", "*", "*", "", "", n(plan.peakRequestsPerSecond()), "", "",
                Integer.toString(plan.gpus()), cents(plan.capex()), cents(plan.annualisedCapex()), "", "", "",
                cents(plan.annualCost()), whole(plan.tokensPerYear()), n(plan.costPerMillionTokens()), n(api), "", "", "", "", "",
                report.check().map(c -> Boolean.toString(c.passed())).orElse(""))).append('\n');
        return out.toString();
    }

    private static String n(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "") : "";
    }

    private static String cents(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String whole(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
