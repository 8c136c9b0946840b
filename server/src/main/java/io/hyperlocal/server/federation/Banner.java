package io.hyperlocal.server.federation;

import io.hyperlocal.core.Site;
import io.hyperlocal.server.access.DemoKey;
import io.hyperlocal.server.config.HyperlocalConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/** The text {@code ./hyperlocal up} prints once the platform serves: where to go and what runs. */
final class Banner {
    private Banner() {}

    static String render(Platform platform, Federation federation, HyperlocalConfig config) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        String base = "http://localhost:" + port;
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        StringBuilder text = new StringBuilder();
        String rule = "-".repeat(78);
        text.append(rule).append('\n');
        text.append(String.format(Locale.ROOT, "Hyperlocal is up (started in %.1f s)%n", seconds));
        text.append("  Gateway   ").append(base).append("/v1   (OpenAI-compatible)\n");
        text.append("  Console   ").append(base).append("/\n");
        text.append("  Health    ").append(base).append("/q/health    Metrics ").append(base).append("/q/metrics\n");
        text.append("  API key   ").append(platform.demoKey()).append('\n');
        text.append("            (demo key of subscriber ").append(DemoParties.SUBSCRIBER)
                .append(", 5G + AI assistant Pro; also in ").append(config.data().dir().resolve(DemoKey.FILE_NAME))
                .append(";\n             keys of subscriber ").append(DemoParties.GERMAN_SUBSCRIBER).append(" and partner app ")
                .append(DemoParties.PARTNER_APP).append(" in ")
                .append(config.data().dir().resolve(DemoParties.KEYS_DIRECTORY)).append(")\n");
        text.append("  Admin key ").append(config.admin().key().isPresent() ? "(hyperlocal.admin.key)"
                : "in " + config.data().dir().resolve(io.hyperlocal.server.access.AdminKey.FILE_NAME)).append(" (for /admin)\n");
        text.append("  Sites     ").append(federation.sites().stream()
                .map(site -> describe(site.site()))
                .collect(Collectors.joining(", "))).append('\n');
        Map<String, Federation.ServedModel> models = federation.models();
        text.append("  Models    ").append(models.values().stream()
                .map(model -> model.info().id() + (model.info().simulated() ? " (SIMULATED)" : " (" + model.info().description() + ")")
                        + " on " + model.sites().size() + " sites")
                .collect(Collectors.joining(", "))).append(", all-minilm-l6-v2 (embeddings)\n");
        text.append("  Models dir ").append(config.models().dir()).append('\n');
        for (String problem : platform.problems()) {
            text.append("  PROBLEM   ").append(problem).append('\n');
        }
        String model = models.keySet().stream().findFirst().orElse(Platform.SIMULATED_MODEL);
        if (platform.simulated()) {
            text.append('\n');
            text.append("  !! SIMULATED ENGINES: no model file was found in the models directory.\n");
            text.append("  !! Answers are placeholder text, not a model's. To serve a real model:\n");
            text.append("  !!   ./hyperlocal models pull qwen2.5-0.5b-instruct   (then restart ./hyperlocal up)\n");
        }
        text.append('\n');
        text.append("  Try it:\n");
        text.append("    curl ").append(base).append("/v1/chat/completions \\\n");
        text.append("      -H \"Authorization: Bearer ").append(platform.demoKey()).append("\" \\\n");
        text.append("      -H \"Content-Type: application/json\" \\\n");
        text.append("      -d '{\"model\": \"").append(model)
                .append("\", \"messages\": [{\"role\": \"user\", \"content\": \"Once upon a time\"}]}'\n");
        text.append('\n');
        text.append("Press Ctrl-C to stop.\n");
        text.append(rule);
        return text.toString();
    }

    private static String describe(Site site) {
        return site.id() + " " + site.name() + " (" + site.country() + ")";
    }
}
