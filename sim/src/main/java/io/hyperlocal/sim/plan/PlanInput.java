package io.hyperlocal.sim.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole plan file, validated field by field by {@link PlanLoader} (which also checks the references
 * between sections: models to GPUs, countries to sites, sites to countries).
 *
 * @param currency ISO code of every amount (EUR, USD…), not blank
 * @param apiPricePerMillionTokens price of a comparable hyperscaler API per million tokens (prompt and
 *     completion together), {@code >= 0}
 */
public record PlanInput(String currency, double apiPricePerMillionTokens, Slo slo, CheckSettings check,
        Map<String, GpuHardware> gpus, List<ModelSpec> models, List<SiteSpec> sites, List<CountrySpec> countries) {

    public PlanInput {
        Check.name("currency", currency);
        Check.nonNegative("apiPricePerMillionTokens", apiPricePerMillionTokens);
        if (slo == null || check == null) throw new IllegalArgumentException("slo and check must not be null");
        gpus = Collections.unmodifiableMap(new LinkedHashMap<>(gpus));
        models = List.copyOf(models);
        sites = List.copyOf(sites);
        countries = List.copyOf(countries);
    }

    public CountrySpec country(String code) {
        return countries.stream().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no country " + code));
    }
}
