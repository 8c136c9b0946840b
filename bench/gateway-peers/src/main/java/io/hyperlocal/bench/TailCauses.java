package io.hyperlocal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ran on the CPUs while the slowest requests of a one-at-a-time run were waiting
 * ({@code bench/tail-causes.sh}). It reads the requests as {@link SerialTrace} wrote them (start in
 * monotonic nanoseconds, latency in microseconds), the kernel's context switches as {@code perf
 * script} prints them for a {@code perf record -k mono -e sched:sched_switch -a} taken meanwhile, and
 * which thread belongs to which process. Each CPU's timeline of running threads is cut at every switch;
 * for each request, the time each group of threads ran on any CPU inside the request's window is
 * summed.
 *
 * <p>A request one at a time needs the load generator, the gateway's event loop and the upstream in
 * turn: whatever else held a CPU in its window may have made it wait, and CPUs that sat idle while a
 * request was slow point below the operating system (a virtual CPU that the host did not run).
 *
 * <p>Usage: {@code TailCauses TRACE SCHED TASKS [SLOWEST-PERCENT]}; TASKS has one {@code tid group}
 * line per known thread, the group one of {@link Group}'s names.
 */
public final class TailCauses {
    /** Who a thread works for. */
    enum Group {
        IDLE("idle (no thread to run)"),
        EVENT_LOOP("gateway: event loops"),
        JIT("gateway: JIT compilers"),
        GC("gateway: garbage collector"),
        GATEWAY_OTHER("gateway: other threads (usage shipper, quota, probes...)"),
        POSTGRESQL("PostgreSQL"),
        UPSTREAM("upstream"),
        LOAD("load generator"),
        OTHER("other processes");

        final String label;

        Group(String label) {
            this.label = label;
        }

        /** Threads of the request's own path: their time in a slow window is the request being served. */
        boolean servesTheRequest() {
            return this == EVENT_LOOP || this == UPSTREAM || this == LOAD;
        }
    }

    /** A thread held a CPU from {@code start} to {@code end} (monotonic nanoseconds). */
    record Slice(long start, long end, Group group, String comm) {}

    /** One recorded request. */
    record Request(long start, long latencyNanos) {
        long end() {
            return start + latencyNanos;
        }
    }

    /** An occupant other than the request's own path must hold a CPU this long in a window to be named. */
    static final long NAMED_NANOS = 100_000;

    private static final Pattern SWITCH = Pattern.compile(
            "\\[(\\d+)]\\s+(\\d+)\\.(\\d{9}):.*?prev_comm=.*? prev_pid=\\d+ .*?==> next_comm=(.*?) next_pid=(\\d+)");

    private TailCauses() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: TailCauses TRACE SCHED TASKS [SLOWEST-PERCENT]");
            System.exit(2);
        }
        double percent = args.length > 3 ? Double.parseDouble(args[3]) : 1;
        if (!(percent > 0 && percent <= 50)) {
            System.err.println("TailCauses: the slowest share is a percentage above 0 and at most 50: " + args[3]);
            System.exit(2);
        }
        List<String> trace = Files.readAllLines(Path.of(args[0]));
        List<Request> requests = requests(trace);
        Map<Integer, Group> tasks = tasks(Files.readAllLines(Path.of(args[2])), trace);
        List<Slice> slices;
        try (var lines = Files.lines(Path.of(args[1]))) {
            slices = slices(lines.toList(), tasks);
        }
        if (requests.size() < 100 || slices.isEmpty()) {
            System.err.println("TailCauses: need at least 100 requests and some context switches; got " + requests.size()
                    + " requests and " + slices.size() + " switches");
            System.exit(1);
        }
        System.out.print(report(requests, slices, percent));
    }

    static List<Request> requests(List<String> lines) {
        List<Request> requests = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("thread,")) {
                continue;
            }
            String[] fields = line.split(",");
            requests.add(new Request(Long.parseLong(fields[0].trim()), Long.parseLong(fields[1].trim()) * 1000));
        }
        return requests;
    }

    /** The threads listed in TASKS, and the load generator's from the trace's {@code thread,TID} lines. */
    static Map<Integer, Group> tasks(List<String> lines, List<String> trace) {
        Map<Integer, Group> tasks = new HashMap<>();
        for (String line : trace) {
            if (line.startsWith("thread,")) {
                tasks.put(Integer.parseInt(line.substring(7).trim()), Group.LOAD);
            }
        }
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2) {
                tasks.put(Integer.parseInt(fields[0]), Group.valueOf(fields[1]));
            }
        }
        return tasks;
    }

    /**
     * Each CPU's timeline: a switch on a CPU ends the slice of the thread that was running there and
     * starts one for the next. Lines that are not switches are skipped.
     */
    static List<Slice> slices(List<String> lines, Map<Integer, Group> tasks) {
        Map<Integer, long[]> since = new HashMap<>();
        Map<Integer, Integer> runningTid = new HashMap<>();
        Map<Integer, String> runningComm = new HashMap<>();
        List<Slice> slices = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SWITCH.matcher(line);
            if (!m.find()) {
                continue;
            }
            int cpu = Integer.parseInt(m.group(1));
            long at = Long.parseLong(m.group(2)) * 1_000_000_000L + Long.parseLong(m.group(3));
            long[] start = since.get(cpu);
            if (start != null) {
                int tid = runningTid.get(cpu);
                String comm = runningComm.get(cpu);
                slices.add(new Slice(start[0], at, group(tid, comm, tasks), comm));
            }
            since.put(cpu, new long[] {at});
            runningTid.put(cpu, Integer.parseInt(m.group(5)));
            runningComm.put(cpu, m.group(4));
        }
        slices.sort((a, b) -> Long.compare(a.start(), b.start()));
        return slices;
    }

    private static Group group(int tid, String comm, Map<Integer, Group> tasks) {
        if (tid == 0) {
            return Group.IDLE;
        }
        Group known = tasks.get(tid);
        if (known != null) {
            return known;
        }
        // A thread born after the list was taken: PostgreSQL backends keep their process title.
        return comm.startsWith("postgres") ? Group.POSTGRESQL : Group.OTHER;
    }

    /**
     * Time each group held a CPU within {@code [from, to)}; {@code names}, when given, gets the time by
     * thread name of the groups that are not one program's (the gateway's other threads, other processes).
     */
    static EnumMap<Group, Long> occupancy(List<Slice> slices, long[] starts, long longest, long from, long to,
            Map<Group, Map<String, Long>> names) {
        EnumMap<Group, Long> time = new EnumMap<>(Group.class);
        // A slice can start long before the window: look back over the longest slice.
        int i = Arrays.binarySearch(starts, from - longest);
        for (i = i < 0 ? -i - 1 : i; i < slices.size() && slices.get(i).start() < to; i++) {
            Slice slice = slices.get(i);
            long overlap = Math.min(slice.end(), to) - Math.max(slice.start(), from);
            if (overlap > 0) {
                time.merge(slice.group(), overlap, Long::sum);
                if (names != null && (slice.group() == Group.OTHER || slice.group() == Group.GATEWAY_OTHER)) {
                    names.computeIfAbsent(slice.group(), g -> new HashMap<>()).merge(slice.comm(), overlap, Long::sum);
                }
            }
        }
        return time;
    }

    static String report(List<Request> requests, List<Slice> slices, double percent) {
        long[] starts = slices.stream().mapToLong(Slice::start).toArray();
        long longest = slices.stream().mapToLong(s -> s.end() - s.start()).max().orElse(0);
        long[] sorted = requests.stream().mapToLong(Request::latencyNanos).sorted().toArray();
        int slowCount = Math.max(1, (int) Math.round(requests.size() * percent / 100));
        long threshold = sorted[sorted.length - slowCount];
        List<Request> slow = requests.stream().filter(r -> r.latencyNanos() >= threshold)
                .sorted((a, b) -> Long.compare(b.latencyNanos(), a.latencyNanos())).limit(slowCount).toList();

        EnumMap<Group, Long> slowTime = new EnumMap<>(Group.class);
        EnumMap<Group, Integer> slowPresent = new EnumMap<>(Group.class);
        EnumMap<Group, Integer> largest = new EnumMap<>(Group.class);
        Map<Group, Map<String, Long>> names = new EnumMap<>(Group.class);
        int unexplained = 0;
        long slowWindows = 0;
        for (Request request : slow) {
            EnumMap<Group, Long> time = occupancy(slices, starts, longest, request.start(), request.end(), names);
            slowWindows += request.latencyNanos();
            Group top = null;
            for (var entry : time.entrySet()) {
                slowTime.merge(entry.getKey(), entry.getValue(), Long::sum);
                if (entry.getValue() >= NAMED_NANOS) {
                    slowPresent.merge(entry.getKey(), 1, Integer::sum);
                }
                Group group = entry.getKey();
                if (group != Group.IDLE && !group.servesTheRequest() && entry.getValue() >= NAMED_NANOS
                        && (top == null || entry.getValue() > time.get(top))) {
                    top = group;
                }
            }
            if (top == null) {
                unexplained++;
            } else {
                largest.merge(top, 1, Integer::sum);
            }
        }
        long runFrom = requests.stream().mapToLong(Request::start).min().orElseThrow();
        long runTo = requests.stream().mapToLong(Request::end).max().orElseThrow();
        EnumMap<Group, Long> runTime = occupancy(slices, starts, longest, runFrom, runTo, null);
        long cpus = slices.stream().map(s -> s.comm()).filter(c -> c.startsWith("swapper/")).distinct().count();
        cpus = Math.max(1, cpus);

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "%d requests one at a time. The slowest %s %% (%d requests, %.3f ms and slower) and what held the %d CPUs "
                        + "meanwhile; a thread is counted in a request when it ran %d µs or more of it.%n%n",
                requests.size(), trim(percent), slow.size(), threshold / 1e6, cpus, NAMED_NANOS / 1000));
        out.append("| what ran | share of the CPUs in the slowest requests | slowest requests it ran in "
                + "| largest other occupant in | share of the CPUs over the whole run |\n");
        out.append("|---|---|---|---|---|\n");
        for (Group group : Group.values()) {
            double slowShare = 100.0 * slowTime.getOrDefault(group, 0L) / (slowWindows * (double) cpus);
            double runShare = 100.0 * runTime.getOrDefault(group, 0L) / ((runTo - runFrom) * (double) cpus);
            String top = group == Group.IDLE || group.servesTheRequest() ? "" : String.valueOf(largest.getOrDefault(group, 0));
            out.append(String.format(Locale.ROOT, "| %s | %.1f %% | %d | %s | %.1f %% |%n", group.label, slowShare,
                    slowPresent.getOrDefault(group, 0), top, runShare));
        }
        out.append(String.format(Locale.ROOT,
                "%nNo other thread ran %d µs or more in %d of the %d slowest requests: the request's own threads "
                        + "were slow, or waited for a CPU that the host did not run.%n",
                NAMED_NANOS / 1000, unexplained, slow.size()));
        busiest(out, "The gateway's other threads", names.get(Group.GATEWAY_OTHER));
        busiest(out, "Other processes", names.get(Group.OTHER));
        return out.toString();
    }

    /** The busiest thread names of a group in the slowest requests, by CPU time. */
    private static void busiest(StringBuilder out, String title, Map<String, Long> times) {
        if (times == null || times.isEmpty()) {
            return;
        }
        out.append(title).append(" in the slowest requests, by CPU time: ").append(String.join(", ", times.entrySet()
                .stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue() / 1e6)).toList()))
                .append(".\n");
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
