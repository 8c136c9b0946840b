package io.hyperlocal.sim.workload;

import io.hyperlocal.routing.PromptBlocks;
import java.util.Objects;

/**
 * One request (one turn of a conversation) as it moves through the federation. Mutable and owned by
 * the simulation thread: routing, retries and the engine fill in where and when it was served.
 */
public final class SimRequest {
    /** Sentinel for "not yet". */
    public static final long NEVER = -1;

    private final long id;
    private final int population;
    private final boolean narrowed;
    private final Conversation conversation;
    private final long arrival;
    private final int[] prompt;
    private final int[] output;
    private final PromptBlocks blocks;
    private long firstToken = NEVER;
    private int firstTokenSite = -1;
    private int engine = -1;
    private int attempts;

    public SimRequest(long id, int population, boolean narrowed, Conversation conversation, long arrival, int[] prompt,
            int[] output, PromptBlocks blocks) {
        this.id = id;
        this.population = population;
        this.narrowed = narrowed;
        this.conversation = Objects.requireNonNull(conversation, "conversation is null");
        this.arrival = arrival;
        this.prompt = Objects.requireNonNull(prompt, "prompt is null");
        this.output = Objects.requireNonNull(output, "output is null");
        if (output.length < 1) {
            throw new IllegalArgumentException("output must hold at least one token");
        }
        this.blocks = Objects.requireNonNull(blocks, "blocks is null");
    }

    public long id() {
        return id;
    }

    /** Index of the population in the scenario. */
    public int population() {
        return population;
    }

    /** Whether the requester narrowed residency to the population's {@code narrowedTo} tags. */
    public boolean narrowed() {
        return narrowed;
    }

    public Conversation conversation() {
        return conversation;
    }

    /** Simulated time the request reached the gateway, ns. */
    public long arrival() {
        return arrival;
    }

    /** The prompt's token ids; shared, never modified. */
    public int[] prompt() {
        return prompt;
    }

    /** The token ids the engine will generate; shared, never modified. */
    public int[] output() {
        return output;
    }

    public int outputLength() {
        return output.length;
    }

    /** The prompt's chained block hashes, as the router's prefix index matches them. */
    public PromptBlocks blocks() {
        return blocks;
    }

    public long firstToken() {
        return firstToken;
    }

    /** The site whose engine sent the first token; -1 before it. */
    public int firstTokenSite() {
        return firstTokenSite;
    }

    /**
     * Records the first token, once: after a migration the user has already seen the first site's, and
     * the new engine's first token is not a first token to them.
     */
    public void firstTokenAt(long time, int site) {
        if (firstToken == NEVER) {
            firstToken = time;
            firstTokenSite = site;
        }
    }

    /** Global index of the engine serving it now; -1 before routing. */
    public int engine() {
        return engine;
    }

    public void assign(int engineIndex) {
        engine = engineIndex;
        attempts++;
    }

    /** Engines it was sent to so far: more than 1 after a migration. */
    public int attempts() {
        return attempts;
    }
}
