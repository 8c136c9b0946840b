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
            ticks += ProcessTree.ticks(pid, false);
        }
        // USER_HZ is 100 on Linux (x86-64 and arm64): a tick is 10 ms.
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
