package io.hyperlocal.sim.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

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
        rows(out, report.plan(), "", (site, model) -> report.check().flatMap(c -> c.plannedResult(site, model)),
                report.check().map(c -> Boolean.toString(c.passed())).orElse(""));
        // When the check failed, the fleet it found (or the largest it tried) follows, with its own results.
        report.check().filter(c -> !c.passed()).ifPresent(c -> rows(out, c.passingFleet(), c.repaired() ? "passing-" : "tried-",
                c::passingResult, Boolean.toString(c.repaired())));
        return out.toString();
    }

    /** The rows of one fleet: its pools, a row per site and one for the fleet, levels prefixed. */
    private static void rows(StringBuilder out, FleetPlan plan, String level,
            BiFunction<String, String, Optional<PoolCheckResult>> results, String fleetPassed) {
        double api = plan.input().apiPricePerMillionTokens();
        for (SitePlan site : plan.sites()) {
            for (PoolPlan p : site.pools()) {
                Optional<PoolCheckResult> r = results.apply(p.site(), p.model().name());
                out.append(String.join(",", level + "pool", text(site.site().name()), text(site.site().country()), text(p.model().name()),
                        text(p.model().quantisation().label()), text(p.model().gpu()), n(p.peakRequestsPerSecond()), n(p.peakLoad()),
                        Integer.toString(p.replicas()), Integer.toString(p.gpus()), cents(p.capex()), cents(p.annualisedCapex()),
                        n(p.energyKwhPerYear()), cents(p.energyCostPerYear()), "", cents(p.annualCost()), whole(p.tokensPerYear()),
                        n(p.annualCost() / (p.tokensPerYear() / 1e6)), n(api),
                        r.map(x -> Integer.toString(x.replicas())).orElse(""), r.map(x -> Long.toString(x.requests())).orElse(""),
                        r.map(x -> n(x.ttftP99Millis())).orElse(""), r.map(x -> n(x.interTokenP99Millis())).orElse(""),
                        r.map(x -> n(x.attainment())).orElse(""), r.map(x -> Boolean.toString(x.passed())).orElse(""))).append('\n');
            }
            out.append(String.join(",", level + "site", text(site.site().name()), text(site.site().country()), "*", "", "",
                    n(site.peakRequestsPerSecond()), "", "", Integer.toString(site.gpus()), cents(site.capex()),
                    cents(site.annualisedCapex()), n(kwh(site)), cents(site.energyCostPerYear()), cents(site.site().networkCostPerYear()),
                    cents(site.annualCost()), whole(site.tokensPerYear()), n(site.costPerMillionTokens()), n(api), "", "", "", "",
                    attainment(site, results), "")).append('\n');
        }
        out.append(String.join(",", level + "fleet", "*", "*", "*", "", "", n(plan.peakRequestsPerSecond()), "", "",
                Integer.toString(plan.gpus()), cents(plan.capex()), cents(plan.annualisedCapex()),
                n(plan.sites().stream().mapToDouble(PlanCsv::kwh).sum()),
                cents(plan.sites().stream().mapToDouble(SitePlan::energyCostPerYear).sum()),
                cents(plan.sites().stream().mapToDouble(s -> s.site().networkCostPerYear()).sum()),
                cents(plan.annualCost()), whole(plan.tokensPerYear()), n(plan.costPerMillionTokens()), n(api), "", "", "", "", "",
                fleetPassed)).append('\n');
    }

    /** Requests within the SLO over requests judged, across the site's pools; empty without a check. */
    private static String attainment(SitePlan site, BiFunction<String, String, Optional<PoolCheckResult>> results) {
        List<PoolCheckResult> checked = site.pools().stream().flatMap(p -> results.apply(p.site(), p.model().name()).stream())
                .toList();
        return checked.isEmpty() ? "" : n(FleetCheckReport.attainment(checked));
    }

    private static double kwh(SitePlan site) {
        return site.pools().stream().mapToDouble(PoolPlan::energyKwhPerYear).sum();
    }

    /** A text field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
    static String text(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
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
