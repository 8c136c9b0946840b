package io.hyperlocal.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.engines.simulated.model.KvCache;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.workload.SimRequest;
import io.hyperlocal.sim.workload.TestingRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** KV-block accounting of an engine driven on the event loop. */
class SimEngineKvTest {

    /** Checks the cache after every step's effects, and records what finished. */
    private static final class Checking implements EngineListener {
        final List<SimRequest> finished = new ArrayList<>();
        int maxUsed;
        SimEngine engine;

        @Override
        public void firstToken(SimEngine source, SimRequest request, long time) {
            check();
        }

        @Override
        public void finished(SimEngine source, SimRequest request, long time) {
            finished.add(request);
            check();
        }

        void check() {
            KvCache cache = engine.scheduler().cache();
            assertThat(cache.usedBlocks()).isLessThanOrEqualTo(cache.totalBlocks());
            assertThat(cache.usedBlocks() + cache.freeBlocks()).isEqualTo(cache.totalBlocks());
            maxUsed = Math.max(maxUsed, cache.usedBlocks());
        }
    }

    @Property(tries = 60)
    void blocksStayWithinCapacityAndAreAllFreedAtTheEnd(@ForAll @IntRange(min = 40, max = 400) int kvBlocks,
            @ForAll @IntRange(min = 1, max = 40) int requests, @ForAll @IntRange(min = 0, max = 4) int prefixes,
            @ForAll long seed) {
        Simulation simulation = Simulation.seeded(seed);
        Checking listener = new Checking();
        SimEngine engine = new SimEngine(0, 0, "e0", 7, new SchedulerLimits(16, 1000, 512, kvBlocks, 0.01),
                StepTimeModel.LLAMA_3_1_8B_H100, Simulation.randomFor(seed), listener);
        listener.engine = engine;
        Random random = new Random(seed);
        int capacityTokens = kvBlocks * KvCache.BLOCK_SIZE;
        for (int i = 0; i < requests; i++) {
            int prefix = prefixes == 0 ? 0 : random.nextInt(prefixes);
            int promptLength = 1 + random.nextInt(Math.max(1, Math.min(600, capacityTokens / 3)));
            int outputLength = 1 + random.nextInt(Math.max(1, Math.min(100, capacityTokens / 3)));
            SimRequest request = TestingRequests.request(i, prefix, prefixes == 0 ? 0 : 64, promptLength, outputLength);
            long at = random.nextInt(2_000_000_000);
            simulation.scheduleAt(at, sim -> assertThat(engine.submit(request, sim)).isTrue());
        }
        simulation.run();
        assertThat(listener.finished).hasSize(requests);
        assertThat(engine.inFlight()).isZero();
        assertThat(engine.scheduler().cache().usedBlocks()).isZero();
        assertThat(listener.maxUsed).isLessThanOrEqualTo(kvBlocks);
    }

    @Property(tries = 30)
    void aSharedPrefixIsFoundCachedByEveryLaterRequest(@ForAll @IntRange(min = 2, max = 12) int requests,
            @ForAll @IntRange(min = 16, max = 3000) int prefixTokens, @ForAll long seed) {
        Simulation simulation = Simulation.seeded(seed);
        List<SimRequest> done = new ArrayList<>();
        Random random = new Random(seed);
        // Each request is sent when the previous one finished, so its prefix blocks are committed and cached.
        EngineListener sequential = new EngineListener() {
            @Override
            public void firstToken(SimEngine engine, SimRequest request, long time) {}

            @Override
            public void finished(SimEngine engine, SimRequest request, long time) {
                done.add(request);
                if (done.size() < requests) {
                    SimRequest next = TestingRequests.request(done.size(), 0, prefixTokens, prefixTokens + 1 + random.nextInt(50),
                            1 + random.nextInt(20));
                    simulation.schedule(1000, sim -> engine.submit(next, sim));
                }
            }
        };
        SimEngine engine = new SimEngine(0, 0, "e0", 7, new SchedulerLimits(16, 100, 2048, 2000, 0.01),
                StepTimeModel.LLAMA_3_1_8B_H100, Simulation.randomFor(seed), sequential);
        engine.submit(TestingRequests.request(0, 0, prefixTokens, prefixTokens + 1 + random.nextInt(50), 5), simulation);
        simulation.run();
        assertThat(done).hasSize(requests);
        long fullPrefixBlocks = prefixTokens / KvCache.BLOCK_SIZE;
        assertThat(engine.hitTokens()).isEqualTo((requests - 1) * fullPrefixBlocks * KvCache.BLOCK_SIZE);
        assertThat(engine.scheduler().cache().usedBlocks()).isZero();
    }

    @Property(tries = 20)
    void aCrashReturnsEveryRequestHeldAndEmptiesTheCache(@ForAll @IntRange(min = 1, max = 30) int requests,
            @ForAll @IntRange(min = 1, max = 400) int crashMillis, @ForAll long seed) {
        Simulation simulation = Simulation.seeded(seed);
        List<SimRequest> finished = new ArrayList<>();
        EngineListener listener = new EngineListener() {
            @Override
            public void firstToken(SimEngine engine, SimRequest request, long time) {}

            @Override
            public void finished(SimEngine engine, SimRequest request, long time) {
                finished.add(request);
            }
        };
        SimEngine engine = new SimEngine(0, 0, "e0", 7, new SchedulerLimits(16, 100, 2048, 2000, 0.01),
                StepTimeModel.LLAMA_3_1_8B_H100, Simulation.randomFor(seed), listener);
        for (int i = 0; i < requests; i++) {
            engine.submit(TestingRequests.request(i, 0, 0, 100 + i, 50), simulation);
        }
        List<SimRequest> lost = new ArrayList<>();
        simulation.scheduleAt(crashMillis * 1_000_000L, sim -> lost.addAll(engine.crash(sim.clock().now())));
        simulation.run();
        assertThat(finished.size() + lost.size()).isEqualTo(requests);
        assertThat(engine.isUp()).isFalse();
        assertThat(engine.scheduler().cache().usedBlocks()).isZero();
        assertThat(engine.submit(TestingRequests.request(999, 0, 0, 10, 5), simulation)).isFalse();
    }
    @Property(tries = 20)
    void busyTimeNeverRunsAheadOfTheClock(@ForAll @IntRange(min = 1, max = 30) int requests,
            @ForAll @IntRange(min = 1, max = 400_000) int sampleMicros, @ForAll boolean crash, @ForAll long seed) {
        // All requests arrive at 0, so the engine is busy without a gap until it runs out of work: its busy
        // time at any moment is that moment, or less once it is idle; never the whole of a step still running.
        Simulation simulation = Simulation.seeded(seed);
        EngineListener quiet = new EngineListener() {
            @Override
            public void firstToken(SimEngine engine, SimRequest request, long time) {}

            @Override
            public void finished(SimEngine engine, SimRequest request, long time) {}
        };
        SimEngine engine = new SimEngine(0, 0, "e0", 7, new SchedulerLimits(16, 100, 2048, 2000, 0.01),
                StepTimeModel.LLAMA_3_1_8B_H100, Simulation.randomFor(seed), quiet);
        for (int i = 0; i < requests; i++) {
            engine.submit(TestingRequests.request(i, 0, 0, 100 + i, 50), simulation);
        }
        long at = sampleMicros * 1_000L;
        long[] busy = new long[2];
        boolean[] working = new boolean[1];
        simulation.scheduleAt(at, sim -> {
            working[0] = engine.inFlight() > 0;
            if (crash) {
                engine.crash(at);
            }
            busy[0] = engine.busyNanos(at);
        });
        simulation.run();
        busy[1] = engine.busyNanos(Long.MAX_VALUE);
        assertThat(busy[0]).isBetween(0L, at);
        if (working[0]) {
            assertThat(busy[0]).isEqualTo(at);
        }
        if (crash) {
            // Nothing ran after the crash.
            assertThat(busy[1]).isEqualTo(busy[0]);
        }
    }
}
