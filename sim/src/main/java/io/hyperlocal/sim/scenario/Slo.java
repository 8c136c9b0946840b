package io.hyperlocal.sim.scenario;

import java.time.Duration;

/**
 * Latency objectives. A request is good when its time to first token and its mean inter-token latency
 * both meet them (goodput counts good requests per second).
 *
 * @param ttft time to first token, network round trip included
 * @param itl mean inter-token latency of the request
 */
public record Slo(Duration ttft, Duration itl) {
    /** Interactive chat: first token within 2 s, 100 ms between tokens (~10 tokens/s, faster than reading). */
    public static final Slo CHAT = new Slo(Duration.ofSeconds(2), Duration.ofMillis(100));

    public Slo {
        Check.positive("ttft", ttft);
        Check.positive("itl", itl);
    }
}
