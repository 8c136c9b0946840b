package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {

    static BatchScheduler scheduler(int maxRunning, int maxWaiting, int tokenBudget, int kvBlocks) {
        return new BatchScheduler(new SchedulerLimits(maxRunning, maxWaiting, tokenBudget, kvBlocks, 0),
                StepTimeModel.LLAMA_3_1_8B_H100, new SplittableRandom(1));
    }

    static SequenceRequest request(long id, int promptFrom, int promptLength, int outputLength) {
        return new SequenceRequest(id, 7, IntStream.range(promptFrom, promptFrom + promptLength).toArray(),
                IntStream.range(0, outputLength).map(i -> -1 - i).toArray());
    }

    @Test
    void chunksALongPromptUnderTheTokenBudgetThenDecodesOneTokenAStep() {
        BatchScheduler scheduler = scheduler(4, 4, 32, 64);
        scheduler.submit(request(1, 0, 100, 3));

        StepResult first = scheduler.step();
        assertThat(first.prefillTokens()).isEqualTo(32);
        assertThat(first.sequences()).singleElement()
                .isEqualTo(new StepResult.SequenceStep(1, 32, false, 0, false));
        assertThat(first.durationNanos()).isEqualTo(StepTimeModel.LLAMA_3_1_8B_H100.meanNanos(32, 0));
        scheduler.step();
        scheduler.step();
        StepResult fourth = scheduler.step();
        // The last 4 prompt tokens complete the prefill, which samples the first token.
        assertThat(fourth.sequences()).singleElement()
                .isEqualTo(new StepResult.SequenceStep(1, 4, true, 1, false));
        assertThat(scheduler.promptTokens()).isEqualTo(100);

        StepResult decode = scheduler.step();
        assertThat(decode.prefillTokens()).isZero();
        assertThat(decode.decodeTokens()).isEqualTo(1);
        assertThat(decode.durationNanos()).isEqualTo(StepTimeModel.LLAMA_3_1_8B_H100.meanNanos(0, 1));
        StepResult last = scheduler.step();
        assertThat(last.finished()).containsExactly(1L);
        assertThat(scheduler.hasWork()).isFalse();
        assertThat(scheduler.generationTokens()).isEqualTo(3);
        assertThat(scheduler.cache().usedBlocks()).isZero();
        assertThat(scheduler.step().sequences()).isEmpty();
    }

    @Test
    void decodesAndPrefillsShareTheBudgetAndRunningSequencesGoFirst() {
        BatchScheduler scheduler = scheduler(4, 4, 10, 64);
        scheduler.submit(request(1, 0, 4, 5));
        scheduler.submit(request(2, 100, 4, 5));
        scheduler.step();
        scheduler.submit(request(3, 200, 50, 5));

        StepResult step = scheduler.step();

        // Two decodes, then 8 of the newcomer's prompt tokens.
        assertThat(step.decodeTokens()).isEqualTo(2);
        assertThat(step.prefillTokens()).isEqualTo(8);
        assertThat(step.batchedTokens()).isEqualTo(10);
        assertThat(step.sequences()).extracting(StepResult.SequenceStep::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void neverRunsMoreThanMaxRunningAndAdmitsInArrivalOrder() {
        BatchScheduler scheduler = scheduler(2, 8, 1000, 64);
        for (long id = 1; id <= 5; id++) {
            scheduler.submit(request(id, (int) id * 100, 8, 2));
        }

        assertThat(scheduler.step().sequences()).extracting(StepResult.SequenceStep::id).containsExactly(1L, 2L);
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.waiting()).isEqualTo(3);
        assertThat(scheduler.step().finished()).containsExactly(1L, 2L);
        assertThat(scheduler.step().sequences()).extracting(StepResult.SequenceStep::id).containsExactly(3L, 4L);
    }

    @Test
    void refusesPastRunningPlusWaiting() {
        BatchScheduler scheduler = scheduler(1, 1, 16, 64);

        assertThat(scheduler.submit(request(1, 0, 4, 2))).isTrue();
        assertThat(scheduler.submit(request(2, 0, 4, 2))).isTrue();
        assertThat(scheduler.submit(request(3, 0, 4, 2))).isFalse();
        assertThatThrownBy(() -> scheduler.submit(request(2, 0, 4, 2)))
                .hasMessage("sequence 2 is already in the scheduler");
        assertThatThrownBy(() -> scheduler.submit(request(9, 0, 64 * 16, 1)))
                .hasMessageContaining("more than all 1024 the cache holds");
    }

    @Test
    void preemptsTheNewestSequenceWhenBlocksRunOutAndRecomputesIt() {
        // 4 blocks: two sequences of 16 prompt tokens each need a second block once they decode.
        BatchScheduler scheduler = scheduler(2, 2, 64, 3);
        scheduler.submit(request(1, 0, 16, 20));
        scheduler.submit(request(2, 100, 16, 20));
        scheduler.step();

        StepResult step = scheduler.step();

        assertThat(step.preempted()).containsExactly(2L);
        assertThat(step.sequences()).extracting(StepResult.SequenceStep::id).containsExactly(1L);
        assertThat(scheduler.waiting()).isEqualTo(1);
        assertThat(scheduler.preemptions()).isEqualTo(1);
        int steps = 0;
        while (scheduler.hasWork() && steps++ < 200) {
            scheduler.step();
        }
        assertThat(scheduler.hasWork()).isFalse();
        assertThat(scheduler.generationTokens()).isEqualTo(40);
        assertThat(scheduler.cache().usedBlocks()).isZero();
    }

    @Test
    void reusesTheCachedPrefixOfAnEarlierSequence() {
        BatchScheduler scheduler = scheduler(4, 4, 1000, 64);
        scheduler.submit(request(1, 0, 64, 1));
        scheduler.step();
        scheduler.submit(request(2, 0, 70, 1));

        StepResult step = scheduler.step();

        assertThat(step.prefillTokens()).isEqualTo(70 - 64);
        assertThat(scheduler.cache().hitTokens()).isEqualTo(64);
        assertThat(scheduler.cache().queriedTokens()).isEqualTo(64 + 70);
    }

    @Test
    void cancellationFreesTheBlocksOfAWaitingOrRunningSequence() {
        BatchScheduler scheduler = scheduler(1, 4, 1000, 64);
        scheduler.submit(request(1, 0, 40, 10));
        scheduler.submit(request(2, 100, 40, 10));
        scheduler.step();
        assertThat(scheduler.cache().usedBlocks()).isEqualTo(3);

        assertThat(scheduler.cancel(1)).isTrue();
        assertThat(scheduler.cancel(2)).isTrue();
        assertThat(scheduler.cancel(2)).isFalse();

        assertThat(scheduler.cache().usedBlocks()).isZero();
        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.waiting()).isZero();
        assertThat(scheduler.hasWork()).isFalse();
    }
}
