package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Scheduler invariants over random limits, workloads and cancellations. */
class BatchSchedulerPropertyTest {

    @Property(tries = 200)
    void limitsHoldAndEveryRequestEndsOneWayOrAnother(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int maxRunning, @ForAll @IntRange(min = 0, max = 8) int maxWaiting,
            @ForAll @IntRange(min = 8, max = 256) int tokenBudget, @ForAll @IntRange(min = 8, max = 64) int kvBlocks) {
        SchedulerLimits limits = new SchedulerLimits(maxRunning, maxWaiting, Math.max(tokenBudget, maxRunning),
                kvBlocks, 0.01);
        Run run = new Run(limits, seed);

        run.play(300);

        assertThat(run.violations).isEmpty();
        Set<Long> accounted = new HashSet<>(run.finished);
        accounted.addAll(run.cancelled);
        accounted.addAll(run.rejected);
        assertThat(accounted).hasSize(run.submitted).containsAll(run.admittedOrder);
        assertThat(run.scheduler.cache().usedBlocks()).isZero();
        // FIFO: sequences first enter a batch in the order they arrived.
        assertThat(List.copyOf(run.admittedOrder)).isSorted();
    }

    @Property(tries = 50)
    void aSeedGivesTheSameSteps(@ForAll long seed) {
        SchedulerLimits limits = new SchedulerLimits(4, 4, 64, 24, 0.01);
        Run first = new Run(limits, seed);
        Run second = new Run(limits, seed);

        first.play(150);
        second.play(150);

        assertThat(first.log).isEqualTo(second.log);
    }

    /** A random workload against one scheduler, recording what happens. */
    static final class Run {
        final SplittableRandom random;
        final BatchScheduler scheduler;
        final SchedulerLimits limits;
        final List<String> violations = new ArrayList<>();
        final List<StepResult> log = new ArrayList<>();
        final Set<Long> finished = new HashSet<>();
        final Set<Long> cancelled = new HashSet<>();
        final Set<Long> rejected = new HashSet<>();
        final LinkedHashSet<Long> admittedOrder = new LinkedHashSet<>();
        final Set<Long> live = new LinkedHashSet<>();
        int submitted;

        Run(SchedulerLimits limits, long seed) {
            this.limits = limits;
            this.random = new SplittableRandom(seed);
            this.scheduler = new BatchScheduler(limits, StepTimeModel.LLAMA_3_1_8B_H100.withJitter(0.1),
                    new SplittableRandom(seed + 1));
        }

        void play(int rounds) {
            for (int round = 0; round < rounds; round++) {
                int arrivals = random.nextInt(3);
                for (int i = 0; i < arrivals; i++) {
                    submit();
                }
                if (!live.isEmpty() && random.nextInt(10) == 0) {
                    long victim = live.stream().skip(random.nextInt(live.size())).findFirst().orElseThrow();
                    scheduler.cancel(victim);
                    live.remove(victim);
                    cancelled.add(victim);
                }
                step();
            }
            for (int drain = 0; drain < 10_000 && scheduler.hasWork(); drain++) {
                step();
            }
        }

        private void submit() {
            long id = submitted++;
            int stem = random.nextInt(3);
            int promptLength = 1 + random.nextInt(limits.kvBlocks() * KvCache.BLOCK_SIZE / 3);
            int[] prompt = IntStream.range(0, promptLength).map(i -> i < 24 ? stem * 100 + i : random.nextInt())
                    .toArray();
            int[] output = IntStream.range(0, 1 + random.nextInt(24)).map(i -> random.nextInt()).toArray();
            if (scheduler.submit(new SequenceRequest(id, 7, prompt, output))) {
                live.add(id);
            } else {
                rejected.add(id);
            }
        }

        private void step() {
            StepResult result = scheduler.step();
            log.add(result);
            if (scheduler.running() > limits.maxRunning()) {
                violations.add("running " + scheduler.running() + " > " + limits.maxRunning());
            }
            if (result.batchedTokens() > limits.tokenBudget()) {
                violations.add("batched " + result.batchedTokens() + " > " + limits.tokenBudget());
            }
            if (result.sequences().size() > limits.maxRunning()) {
                violations.add("batch of " + result.sequences().size());
            }
            KvCache cache = scheduler.cache();
            if (cache.usedBlocks() + cache.freeBlocks() != cache.totalBlocks()) {
                violations.add("blocks used " + cache.usedBlocks() + " + free " + cache.freeBlocks());
            }
            for (StepResult.SequenceStep sequence : result.sequences()) {
                admittedOrder.add(sequence.id());
                if (sequence.finished()) {
                    live.remove(sequence.id());
                    finished.add(sequence.id());
                }
            }
        }
    }
}
