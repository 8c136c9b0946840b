package io.hyperlocal.sim.workload;

import io.hyperlocal.routing.PromptBlocks;
import io.hyperlocal.sim.Burst;
import io.hyperlocal.sim.DiurnalProfile;
import io.hyperlocal.sim.LengthDistribution;
import io.hyperlocal.sim.RateFunction;
import io.hyperlocal.sim.SimTime;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.ThinnedArrivals;
import io.hyperlocal.sim.scenario.BurstSpec;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.Workload;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Generates the requests of a scenario: per population, new conversations arrive as a non-homogeneous
 * Poisson process (diurnal profile with bursts, or a ramp); each conversation draws, when it starts,
 * its turn count, lengths and think times, so every policy sees the same conversations in the same
 * order (only follow-up times depend on how fast the answers come, as with real users). A follow-up's
 * prompt is the whole conversation so far plus a new user message, so it shares its prefix with the
 * previous turn.
 *
 * <p>Token ids need no randomness: they are hashes of (conversation, turn, position), distinct between
 * conversations, and a group's system prompt is the same ids for every member of the group.
 */
public final class Traffic {
    /** Blocks of 16 tokens hashed for the router's prefix index: llm-d's 256 blocks. */
    public static final int ROUTED_BLOCKS = 256;
    private static final int MAX_TURNS = 32;

    private final Scenario scenario;
    private final Workload workload;
    private final Simulation simulation;
    private final Consumer<SimRequest> dispatch;
    private final LengthDistribution promptLengths;
    private final LengthDistribution outputLengths;
    private final int[][] groupPrefixes;
    private long nextRequest;
    private long conversations;
    private long tooLong;

    public Traffic(Scenario scenario, Simulation simulation, Consumer<SimRequest> dispatch) {
        this.scenario = Objects.requireNonNull(scenario, "scenario is null");
        this.workload = scenario.workload();
        this.simulation = Objects.requireNonNull(simulation, "simulation is null");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch is null");
        this.promptLengths = LengthDistribution.ofMedianAndP90(workload.promptMedian(), workload.promptP90(),
                workload.maxContext() / 2);
        this.outputLengths = LengthDistribution.ofMedianAndP90(workload.outputMedian(), workload.outputP90(),
                workload.maxContext() / 2);
        this.groupPrefixes = new int[workload.prefixGroups()][];
        for (int group = 0; group < groupPrefixes.length; group++) {
            groupPrefixes[group] = tokens(0x5EEDL * 1_000_003 + group, 0, workload.prefixTokens());
        }
    }

    /** Schedules every population's first arrival; each arrival schedules the next. */
    public void start() {
        List<Population> populations = scenario.populations();
        long end = scenario.duration().toNanos();
        for (int index = 0; index < populations.size(); index++) {
            Population population = populations.get(index);
            // One generator per population, apart from engines and policies: the trace never depends on them.
            RandomGenerator random = Simulation.randomFor(scenario.seed() * 1_000_003L + 7919L * (index + 1));
            ThinnedArrivals arrivals = new ThinnedArrivals(rate(population, end, workload.turnsMean()));
            int populationIndex = index;
            scheduleNext(arrivals, random, populationIndex, end);
        }
    }

    private void scheduleNext(ThinnedArrivals arrivals, RandomGenerator random, int population, long end) {
        long next = arrivals.nextArrivalAfter(simulation.clock().now(), random);
        if (next >= end) {
            return;
        }
        simulation.scheduleAt(next, sim -> {
            startConversation(population, random);
            scheduleNext(arrivals, random, population, end);
        });
    }

    /**
     * The rate of new conversations: the population's request rate over the mean turns per
     * conversation, since each conversation brings that many requests.
     */
    static RateFunction rate(Population population, long end, double turnsMean) {
        if (population.ramped()) {
            return new RampRate(population.rampFromPerSecond() / turnsMean, population.rampToPerSecond() / turnsMean, end);
        }
        RateFunction rate = new DiurnalProfile(population.meanRequestsPerSecond() / turnsMean,
                population.normalisedProfile());
        for (BurstSpec burst : population.bursts()) {
            long start = burst.start().toNanos();
            rate = rate.withBurst(new Burst(start, start + burst.length().toNanos(), burst.multiplier()));
        }
        return rate;
    }

    private void startConversation(int population, RandomGenerator random) {
        Population spec = scenario.populations().get(population);
        long id = conversations++;
        boolean narrowed = spec.narrowedShare() > 0 && random.nextDouble() < spec.narrowedShare();
        int[] start = new int[0];
        if (groupPrefixes.length > 0 && random.nextDouble() < workload.prefixShare()) {
            start = groupPrefixes[random.nextInt(groupPrefixes.length)];
        }
        int turns = turns(random);
        int[] user = new int[turns];
        int[] output = new int[turns];
        long[] think = new long[turns];
        for (int turn = 0; turn < turns; turn++) {
            user[turn] = (int) promptLengths.sample(random);
            output[turn] = (int) outputLengths.sample(random);
            think[turn] = workload.thinkSeconds() == 0 ? 0
                    : Math.round(-Math.log(1 - random.nextDouble()) * workload.thinkSeconds() * SimTime.SECOND);
        }
        Conversation conversation = new Conversation("s" + id, population, narrowed, id, start, user, output, think);
        sendTurn(conversation);
    }

    /** Geometric with the workload's mean: after each turn, the conversation goes on with probability 1 - 1/mean. */
    private int turns(RandomGenerator random) {
        int turns = 1;
        double goOn = 1 - 1 / workload.turnsMean();
        while (turns < MAX_TURNS && random.nextDouble() < goOn) {
            turns++;
        }
        return turns;
    }

    private void sendTurn(Conversation conversation) {
        int turn = conversation.turn();
        int[] history = conversation.history();
        int userLength = conversation.userLength(turn);
        int outputLength = conversation.outputLength(turn);
        if (history.length + userLength + outputLength > workload.maxContext()) {
            // A follow-up past the context ends the conversation, as an app starts a new one; a first
            // turn that alone is too long never starts one, and is counted so the report says so.
            if (turn == 0) {
                tooLong++;
            }
            return;
        }
        int[] prompt = Arrays.copyOf(history, history.length + userLength);
        int[] user = tokens(conversation.number(), 2 * turn, userLength);
        System.arraycopy(user, 0, prompt, history.length, userLength);
        int[] output = tokens(conversation.number(), 2 * turn + 1, outputLength);
        SimRequest request = new SimRequest(nextRequest++, conversation.population(), conversation.narrowed(), conversation,
                simulation.clock().now(), prompt, output, blocks(prompt));
        dispatch.accept(request);
    }

    /**
     * Called when a turn's answer is complete: schedules the next turn after the think time, with the
     * answer appended to the conversation.
     */
    public void answered(SimRequest request) {
        Conversation conversation = request.conversation();
        int[] prompt = request.prompt();
        int[] output = request.output();
        int[] history = Arrays.copyOf(prompt, prompt.length + output.length);
        System.arraycopy(output, 0, history, prompt.length, output.length);
        long think = conversation.think(conversation.turn());
        if (!conversation.advance(history)) {
            return;
        }
        simulation.schedule(think, sim -> sendTurn(conversation));
    }

    /** New conversations started so far. */
    /** Conversations never started: their first turn alone was longer than the workload's maxContext. */
    public long tooLong() {
        return tooLong;
    }

    public long conversations() {
        return conversations;
    }

    /** Requests (turns) sent so far. */
    public long requests() {
        return nextRequest;
    }

    /** Deterministic, well-spread token ids for one stream (conversation and part) from {@code 0} to {@code length}. */
    static int[] tokens(long stream, int part, int length) {
        int[] ids = new int[length];
        long seed = mix(stream * 0x9E3779B97F4A7C15L + part);
        for (int i = 0; i < length; i++) {
            ids[i] = (int) mix(seed + i);
        }
        return ids;
    }

    /** The chained hashes of the prompt's first full 16-token blocks, as the router's prefix index takes them. */
    static PromptBlocks blocks(int[] prompt) {
        int count = Math.min(ROUTED_BLOCKS, prompt.length / 16);
        long[] hashes = new long[count];
        long parent = 0x243F6A8885A308D3L;
        for (int block = 0; block < count; block++) {
            long hash = parent;
            for (int i = block * 16, end = i + 16; i < end; i++) {
                hash = mix(hash ^ prompt[i]);
            }
            hashes[block] = hash;
            parent = hash;
        }
        return PromptBlocks.ofHashes(hashes);
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
