package io.hyperlocal.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.Platform;
import io.hyperlocal.server.federation.SiteEngines;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Tokens per second of one streamed chat completion, through {@code /v1/chat/completions} (HTTP on
 * loopback, authentication, parsing, routing, SSE) against the same generation asked of a
 * llama.cpp engine directly, in the same JVM, on the same loaded model and threads.
 *
 * <p>Workload: one request at a time, alternating direct and gateway so that drift (heat, other
 * processes) hits both alike; greedy sampling with a fixed seed, so both produce the same tokens;
 * two warm-up rounds each, not counted. Per request: completion tokens over the time from sending
 * to the last token. Run: {@code ./hyperlocal bench gateway [--rounds 20] [--max-tokens 256]}.
 */
public class GatewayOverheadBenchmark implements QuarkusApplication {
    public static final String ROUNDS = "hyperlocal-bench.rounds";
    public static final String MAX_TOKENS = "hyperlocal-bench.max-tokens";
    private static final String PROMPT = "Once upon a time, there was a little girl who loved to";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Sample(int tokens, long nanos, long firstTokenNanos) {
        double tokensPerSecond() {
            return tokens / (nanos / 1e9);
        }
    }

    @Override
    public int run(String... args) throws Exception {
        Federation federation = Arc.container().instance(Federation.class).get();
        Platform platform = Arc.container().instance(Platform.class).get();
        int rounds = Integer.getInteger(ROUNDS, 20);
        int maxTokens = Integer.getInteger(MAX_TOKENS, 256);
        SiteEngines site = federation.sites().get(0);
        InferenceEngine engine = site.engines().stream()
                .filter(candidate -> candidate.models().stream().noneMatch(ModelInfo::simulated))
                .findFirst().orElse(null);
        if (engine == null) {
            System.err.println("hyperlocal bench: no real model in the models directory; put a GGUF file there first.");
            return 1;
        }
        String model = engine.models().get(0).id();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
        long idleRss = residentBytes();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Sample> direct = new ArrayList<>();
        List<Sample> gateway = new ArrayList<>();
        for (int round = -2; round < rounds; round++) {
            Sample d = direct(engine, model, maxTokens, round);
            Sample g = gateway(http, port, platform.demoKey(), model, maxTokens);
            if (round >= 0) {
                direct.add(d);
                gateway.add(g);
            }
        }
        System.out.printf(Locale.ROOT, "%nGateway overhead: model %s, %d rounds, max_tokens %d, one request at a time%n",
                model, rounds, maxTokens);
        System.out.printf(Locale.ROOT, "%-9s %8s %8s %9s %13s %17s %15s%n", "path", "requests", "tokens", "seconds",
                "tokens/s", "median tokens/s", "median TTFT ms");
        row("direct", direct);
        row("gateway", gateway);
        double directRate = rate(direct);
        double gatewayRate = rate(gateway);
        System.out.printf(Locale.ROOT, "gateway cost: %.2f %% of direct throughput (median of per-request rates: %.2f %%)%n",
                100 * (1 - gatewayRate / directRate),
                100 * (1 - median(gateway.stream().map(Sample::tokensPerSecond).toList())
                        / median(direct.stream().map(Sample::tokensPerSecond).toList())));
        System.out.printf(Locale.ROOT, "resident memory of this JVM at idle before the runs: %.0f MiB%n",
                idleRss / (1024.0 * 1024.0));
        return 0;
    }

    private static Sample direct(InferenceEngine engine, String model, int maxTokens, int round) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        long[] firstToken = {0};
        long start = System.nanoTime();
        engine.generate(new GenerationRequest("bench-direct-" + round, model,
                new Prompt.Chat(List.of(new ChatMessage("user", PROMPT))), sampling(maxTokens)), event -> {
                    switch (event) {
                        case GenerationEvent.Token token -> {
                            if (firstToken[0] == 0) {
                                firstToken[0] = System.nanoTime();
                            }
                        }
                        case GenerationEvent.Completed completed -> done.complete(completed.usage().completionTokens());
                        case GenerationEvent.Failed failed -> done.completeExceptionally(failed.error());
                    }
                });
        int tokens = done.get(5, TimeUnit.MINUTES);
        return new Sample(tokens, System.nanoTime() - start, firstToken[0] - start);
    }

    private static Sample gateway(HttpClient http, int port, String key, String model, int maxTokens) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of(
                "model", model, "stream", true, "stream_options", java.util.Map.of("include_usage", true),
                "temperature", 0, "seed", 42, "max_tokens", maxTokens,
                "messages", List.of(java.util.Map.of("role", "user", "content", PROMPT))));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        long firstToken = 0;
        int tokens = -1;
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                // Parse only what is needed: the client shares the machine with the engine, and its
                // own work must not be charged to the gateway.
                if (firstToken == 0 && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    firstToken = System.nanoTime();
                }
                if (line.contains("\"usage\":{")) {
                    JsonNode chunk = JSON.readTree(line.substring(6));
                    tokens = chunk.get("usage").get("completion_tokens").asInt();
                }
            }
        }
        if (response.statusCode() != 200 || tokens < 0) {
            throw new IllegalStateException("the gateway answered " + response.statusCode() + " without usage");
        }
        return new Sample(tokens, System.nanoTime() - start, firstToken - start);
    }

    private static SamplingParameters sampling(int maxTokens) {
        return new SamplingParameters(maxTokens, 0.0, 1.0, List.of(), OptionalLong.of(42), 0, 0);
    }

    private static void row(String name, List<Sample> samples) {
        int tokens = samples.stream().mapToInt(Sample::tokens).sum();
        double seconds = samples.stream().mapToLong(Sample::nanos).sum() / 1e9;
        System.out.printf(Locale.ROOT, "%-9s %8d %8d %9.3f %13.1f %17.1f %15.2f%n", name, samples.size(), tokens, seconds,
                tokens / seconds, median(samples.stream().map(Sample::tokensPerSecond).toList()),
                median(samples.stream().map(sample -> sample.firstTokenNanos() / 1e6).toList()));
    }

    private static double rate(List<Sample> samples) {
        return samples.stream().mapToInt(Sample::tokens).sum() / (samples.stream().mapToLong(Sample::nanos).sum() / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
