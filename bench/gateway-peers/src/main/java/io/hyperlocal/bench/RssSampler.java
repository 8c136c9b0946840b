package io.hyperlocal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resident memory (VmRSS) of a peer's processes, summed (nginx: master and workers), read from
 * {@code /proc/<pid>/status}; {@link #sample()} keeps the highest value since {@link #reset()}.
 */
final class RssSampler {
    private final List<Long> pids;
    private long max;

    RssSampler(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    /** The current resident memory in KiB; 0 without processes or once they are gone. */
    long current() {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.substring(6).replace("kB", "").trim());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // The process ended: it holds no memory.
            }
        }
        return total;
    }

    /** CPU time (user and system) of the processes so far, in milliseconds; 0 without processes. */
    long cpuMillis() {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // After the command: state is field 3, utime 14 and stime 15 (1-based, see proc(5)).
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // The process ended.
            }
        }
        return ticks * 10;
    }

    void sample() {
        max = Math.max(max, current());
    }

    void reset() {
        max = current();
    }

    long max() {
        sample();
        return max;
    }
}
