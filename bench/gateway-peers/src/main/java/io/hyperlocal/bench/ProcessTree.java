package io.hyperlocal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process and its children, read from {@code /proc}: Hyperlocal's embedded PostgreSQL is a postmaster
 * with a process per connection and per background task, some short-lived (autovacuum workers).
 *
 * <p>CPU counts the postmaster's own time, the time of children it has reaped ({@code cutime},
 * {@code cstime}) and the live children's, so that work done by a process that ended during a step is
 * not lost. Memory is the proportional set size (Pss from {@code smaps_rollup}): the shared buffers
 * mapped by every backend count once, where summing their resident sizes would count them in each.
 */
final class ProcessTree {
    private final long root;

    ProcessTree(long root) {
        this.root = root;
    }

    /** CPU time (user and system) of the tree so far, in milliseconds; 0 once it is gone. */
    long cpuMillis() {
        long ticks = ticks(root, true);
        for (long child : children()) {
            ticks += ticks(child, true);
        }
        // USER_HZ is 100 on Linux (x86-64 and arm64): a tick is 10 ms.
        return ticks * 10;
    }

    /** Proportional resident memory of the tree, in KiB; 0 once it is gone. */
    long pssKb() {
        long total = pss(root);
        for (long child : children()) {
            total += pss(child);
        }
        return total;
    }

    private List<Long> children() {
        List<Long> pids = new ArrayList<>();
        try {
            for (String pid : Files.readString(Path.of("/proc", Long.toString(root), "task", Long.toString(root),
                    "children")).trim().split("\\s+")) {
                if (!pid.isEmpty()) {
                    pids.add(Long.valueOf(pid));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The root ended, or the kernel does not list children: its own figures only.
        }
        return pids;
    }

    /** utime + stime (+ cutime + cstime), fields 14 to 17 of proc(5)'s stat. */
    static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended
        }
    }

    private static long pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process ended: it holds no memory.
        }
        return 0;
    }
}
