package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The scheduler and its KV cache decide exactly as the straightforward versions they replaced
 * ({@link ReferenceBatchScheduler} on {@link ReferenceKvCache}): the same steps, and the same cache
 * figures after every step, for random limits and workloads with shared prefixes, multi-turn
 * prompts that grow from earlier ones, cache pressure (evictions and preemptions) and cancellations.
 * The federation simulator's results rest on this: a faster scheduler must not move a single figure.
 */
class BatchSchedulerMatchesReferenceTest {

    @Property(tries = 300)
    void everyStepAndEveryCacheFigureMatch(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 12) int maxRunning, @ForAll @IntRange(min = 0, max = 12) int maxWaiting,
            @ForAll @IntRange(min = 8, max = 512) int tokenBudget, @ForAll @IntRange(min = 4, max = 96) int kvBlocks,
            @ForAll @IntRange(min = 0, max = 20) int watermarkPercent) {
        SchedulerLimits limits = new SchedulerLimits(maxRunning, maxWaiting, Math.max(tokenBudget, maxRunning),
                kvBlocks, watermarkPercent / 100.0);
        StepTimeModel model = StepTimeModel.LLAMA_3_1_8B_H100.withJitter(0.1);
        BatchScheduler scheduler = new BatchScheduler(limits, model, new SplittableRandom(seed + 1));
        ReferenceBatchScheduler reference = new ReferenceBatchScheduler(limits, model, new SplittableRandom(seed + 1));
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> conversations = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        long nextId = 0;
        int steps = 0;
        int refused = 0;
        for (int round = 0; round < 400 || scheduler.hasWork(); round++) {
            if (round < 400) {
                for (int arrivals = random.nextInt(3); arrivals > 0; arrivals--) {
                    SequenceRequest request = request(nextId++, random, limits, conversations);
                    boolean queued = scheduler.submit(request);
                    assertThat(reference.submit(request)).as("submit %d", request.id()).isEqualTo(queued);
                    if (queued) {
                        live.add(request.id());
                    } else {
                        refused++;
                    }
                }
                if (!live.isEmpty() && random.nextInt(12) == 0) {
                    long victim = live.remove(random.nextInt(live.size()));
                    assertThat(scheduler.cancel(victim)).isEqualTo(reference.cancel(victim));
                }
            }
            StepResult step = scheduler.step();
            assertThat(step).as("step %d", steps).isEqualTo(reference.step());
            steps++;
            for (StepResult.SequenceStep sequence : step.sequences()) {
                if (sequence.finished()) {
                    live.remove(sequence.id());
                }
            }
            KvCache cache = scheduler.cache();
            ReferenceKvCache expected = reference.cache();
            assertThat(cache.referenceCounts()).as("references after step %d", steps)
                    .containsExactly(expected.referenceCounts());
            assertThat(cache.cachedFreeBlocks()).isEqualTo(expected.cachedFreeBlocks());
            assertThat(cache.freeBlocks()).isEqualTo(expected.freeBlocks());
            assertThat(cache.queriedTokens()).isEqualTo(expected.queriedTokens());
            assertThat(cache.hitTokens()).isEqualTo(expected.hitTokens());
            assertThat(scheduler.running()).isEqualTo(reference.running());
            assertThat(scheduler.waiting()).isEqualTo(reference.waiting());
            assertThat(scheduler.preemptions()).isEqualTo(reference.preemptions());
            assertThat(steps).as("the run ends").isLessThan(20_000);
        }
        // The workloads must reach what could differ: prefix hits, evictions and preemptions.
        Statistics.label("prefix hits").collect(reference.cache().hitTokens() > 0);
        Statistics.label("preemptions").collect(reference.preemptions() > 0);
        Statistics.label("refused at submit").collect(refused > 0);
        assertThat(scheduler.promptTokens()).isEqualTo(reference.promptTokens());
        assertThat(scheduler.generationTokens()).isEqualTo(reference.generationTokens());
        assertThat(scheduler.steps()).isEqualTo(reference.steps());
        Statistics.label("prefix hits").coverage(coverage -> coverage.check(true).percentage(share -> share > 50));
        Statistics.label("preemptions").coverage(coverage -> coverage.check(true).percentage(share -> share > 20));
        Statistics.label("refused at submit").coverage(coverage -> coverage.check(true).percentage(share -> share > 20));
    }

    /**
     * A prompt from one of three system prompts, or the next turn of an earlier conversation (its
     * whole prompt and answer, then a new message), and an answer of 1 to 40 tokens.
     */
    private static SequenceRequest request(long id, SplittableRandom random, SchedulerLimits limits,
            List<int[]> conversations) {
        int capacity = limits.kvBlocks() * KvCache.BLOCK_SIZE;
        int[] output = IntStream.range(0, 1 + random.nextInt(40)).map(i -> random.nextInt()).toArray();
        int[] prompt;
        if (!conversations.isEmpty() && random.nextInt(3) == 0) {
            int[] earlier = conversations.get(random.nextInt(conversations.size()));
            int added = 1 + random.nextInt(30);
            prompt = IntStream.concat(IntStream.of(earlier), IntStream.range(0, added).map(i -> random.nextInt()))
                    .toArray();
        } else {
            int stem = random.nextInt(3);
            int stemLength = random.nextInt(3) * 20;
            prompt = IntStream.range(0, 1 + random.nextInt(Math.max(1, capacity / 3)))
                    .map(i -> i < stemLength ? stem * 1000 + i : random.nextInt()).toArray();
        }
        if (prompt.length + output.length > capacity) {
            prompt = IntStream.range(0, Math.max(1, capacity - output.length)).map(i -> random.nextInt()).toArray();
        }
        int[] conversation = IntStream.concat(IntStream.of(prompt), IntStream.of(output)).toArray();
        conversations.add(conversation);
        return new SequenceRequest(id, 7, prompt, output);
    }
}
