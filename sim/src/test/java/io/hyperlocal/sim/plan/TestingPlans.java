package io.hyperlocal.sim.plan;

/** Plan files for the tests, small enough to compute by hand (see FleetPlannerTest). */
final class TestingPlans {
    private TestingPlans() {}

    /** Two countries, three sites, two models; the arithmetic is worked out in FleetPlannerTest. */
    static final String SMALL = """
            currency: EUR
            apiPricePerMillionTokens: 0.50
            slo:
              ttftMs: 1000
              interTokenMs: 40
              attainment: 0.99
            check:
              minutes: 1
              warmupSeconds: 10
              drainSeconds: 30
              seed: 7
              lengthCv: 0.5
              maxExtraReplicas: 4
            gpus:
              H100:
                memoryGb: 80
                powerWatts: 1000
                price: 30000
                amortisationYears: 4
            models:
              small:
                parametersBillions: 8
                quantisation: bf16
                share: 0.8
                gpu: H100
                preset: llama-3.1-8b-h100
                gpusPerReplica: 1
                kvBytesPerToken: 131072
              big:
                parametersBillions: 70
                quantisation: bf16
                share: 0.2
                gpu: H100
                preset: llama-3.3-70b-h100-tp4
                gpusPerReplica: 4
                kvBytesPerToken: 327680
            sites:
              a:
                country: AA
                pue: 1.2
                networkCostPerYear: 10000
                targetUtilisation: 0.5
                minimumGpus: 1
              b:
                country: AA
                pue: 1.5
                networkCostPerYear: 5000
                targetUtilisation: 0.8
                minimumGpus: 2
              c:
                country: BB
                pue: 1.25
                networkCostPerYear: 0
                targetUtilisation: 0.7
                minimumGpus: 1
            countries:
              AA:
                subscribers: 1000000
                adoption: 0.5
                dailyActive: 0.4
                requestsPerActiveUserPerDay: 10.8
                promptTokens: 500
                completionTokens: 250
                peakToMean: 2
                energyPricePerKwh: 0.10
                sites: {a: 0.75, b: 0.25}
              BB:
                subscribers: 432000
                adoption: 0.25
                dailyActive: 1.0
                requestsPerActiveUserPerDay: 8
                promptTokens: 300
                completionTokens: 200
                peakToMean: 3
                energyPricePerKwh: 0.20
                sites: [c]
            """;

    /**
     * One site, the 8B model only, 75 requests/s at peak: a peak load of 75 × 0.0171918 = 1.29
     * replicas, planned at 70 % to 2 replicas; simulated for half a minute.
     */
    static final String CHECK = """
            currency: EUR
            apiPricePerMillionTokens: 0.50
            slo:
              ttftMs: 1000
              interTokenMs: 40
              attainment: 0.99
            check:
              minutes: 0.5
              warmupSeconds: 10
              drainSeconds: 20
              seed: 11
              lengthCv: 0.5
              maxExtraReplicas: 1
            gpus:
              H100:
                memoryGb: 80
                powerWatts: 1000
                price: 30000
                amortisationYears: 4
            models:
              small:
                parametersBillions: 8
                quantisation: bf16
                share: 1
                gpu: H100
                preset: llama-3.1-8b-h100
                kvBytesPerToken: 131072
            sites:
              a:
                country: AA
                pue: 1.2
                networkCostPerYear: 10000
                targetUtilisation: 0.7
                minimumGpus: 1
            countries:
              AA:
                subscribers: 2000000
                adoption: 0.5
                dailyActive: 0.432
                requestsPerActiveUserPerDay: 10
                promptTokens: 500
                completionTokens: 250
                peakToMean: 1.5
                energyPricePerKwh: 0.10
                sites: [a]
            """;
}
