package io.hyperlocal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailCausesTest {
    private static final int LOOP = 101;
    private static final int JIT = 102;
    private static final int POSTGRES = 103;
    private static final int LOAD = 104;
    private static final Map<Integer, TailCauses.Group> TASKS = Map.of(
            LOOP, TailCauses.Group.EVENT_LOOP, JIT, TailCauses.Group.JIT);

    /** A {@code perf script -F cpu,time,trace --ns} line for a switch at {@code micros} µs after 100 s. */
    private static String switchLine(int cpu, long micros, String prev, int prevPid, String next, int nextPid) {
        long nanos = 100_000_000_000L + micros * 1000;
        return String.format("[%03d] %d.%09d: prev_comm=%s prev_pid=%d prev_prio=120 prev_state=S ==> next_comm=%s "
                + "next_pid=%d next_prio=120", cpu, nanos / 1_000_000_000L, nanos % 1_000_000_000L, prev, prevPid, next,
                nextPid);
    }

    @Test
    void cutsEachCpusTimelineAtItsSwitches() {
        List<TailCauses.Slice> slices = TailCauses.slices(List.of(
                switchLine(0, 0, "swapper/0", 0, "vert.x-eventloo", LOOP),
                "some other perf line",
                switchLine(1, 10, "swapper/1", 0, "postgres", POSTGRES),
                switchLine(0, 50, "vert.x-eventloo", LOOP, "C2 CompilerThre", JIT),
                switchLine(1, 80, "postgres", POSTGRES, "swapper/1", 0),
                switchLine(0, 300, "C2 CompilerThre", JIT, "swapper/0", 0)), TASKS);

        assertThat(slices).extracting(TailCauses.Slice::group).containsExactly(
                TailCauses.Group.EVENT_LOOP, TailCauses.Group.POSTGRESQL, TailCauses.Group.JIT);
        assertThat(slices.get(2).start()).isEqualTo(100_000_050_000L);
        assertThat(slices.get(2).end()).isEqualTo(100_000_300_000L);
    }

    @Test
    void countsOnlyTheTimeInsideTheWindow() {
        List<TailCauses.Slice> slices = List.of(
                new TailCauses.Slice(0, 1_000, TailCauses.Group.JIT, "C2 CompilerThre"),
                new TailCauses.Slice(500, 700, TailCauses.Group.EVENT_LOOP, "vert.x-eventloo"),
                new TailCauses.Slice(2_000, 3_000, TailCauses.Group.POSTGRESQL, "postgres"));
        long[] starts = {0, 500, 2_000};

        EnumMap<TailCauses.Group, Long> time = TailCauses.occupancy(slices, starts, 1_000, 600, 2_500, null);

        assertThat(time).containsEntry(TailCauses.Group.JIT, 400L).containsEntry(TailCauses.Group.EVENT_LOOP, 100L)
                .containsEntry(TailCauses.Group.POSTGRESQL, 500L).hasSize(3);
    }

    @Test
    void namesTheLargestOtherOccupantOfEachSlowRequest() {
        // 200 requests of 100 µs every millisecond; the two slowest coincide with a JIT compile and with
        // PostgreSQL on the other CPU; the event loop's own time is never a cause.
        List<TailCauses.Request> requests = new ArrayList<>();
        List<TailCauses.Slice> slices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = i * 1_000_000L;
            long latency = i == 50 || i == 120 ? 900_000 : 100_000;
            requests.add(new TailCauses.Request(start, latency));
            slices.add(new TailCauses.Slice(start, start + 80_000, TailCauses.Group.EVENT_LOOP, "vert.x-eventloo"));
        }
        slices.add(new TailCauses.Slice(50_100_000, 50_700_000, TailCauses.Group.JIT, "C1 CompilerThre"));
        slices.add(new TailCauses.Slice(120_000_000, 120_800_000, TailCauses.Group.POSTGRESQL, "postgres"));
        slices.add(new TailCauses.Slice(120_000_000, 120_200_000, TailCauses.Group.OTHER, "kdamond.0"));
        slices.sort((a, b) -> Long.compare(a.start(), b.start()));

        String report = TailCauses.report(requests, slices, 1);

        assertThat(report).contains("The slowest 1 % (2 requests, 0.900 ms and slower)");
        assertThat(report).contains("| gateway: JIT compilers | ").containsPattern("\\| gateway: JIT compilers \\| [0-9.]+ % \\| 1 \\| 1 \\|");
        assertThat(report).containsPattern("\\| PostgreSQL \\| [0-9.]+ % \\| 1 \\| 1 \\|");
        assertThat(report).containsPattern("\\| other processes \\| [0-9.]+ % \\| 1 \\| 0 \\|");
        assertThat(report).containsPattern("\\| gateway: event loops \\| [0-9.]+ % \\| 0 \\|  \\|");
        assertThat(report).contains("in 0 of the 2 slowest requests");
        assertThat(report).contains("Other processes in the slowest requests, by CPU time: kdamond.0 0.2 ms.");
    }

    @Test
    void readsTheLoadGeneratorsThreadsFromTheTrace() {
        List<String> trace = List.of("5,10", "thread," + LOAD);

        assertThat(TailCauses.requests(trace)).containsExactly(new TailCauses.Request(5, 10_000));
        assertThat(TailCauses.tasks(List.of(JIT + " JIT"), trace))
                .containsEntry(LOAD, TailCauses.Group.LOAD).containsEntry(JIT, TailCauses.Group.JIT);
    }
}
