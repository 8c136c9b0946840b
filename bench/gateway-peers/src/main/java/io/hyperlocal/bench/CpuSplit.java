package io.hyperlocal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Where a one-at-a-time request's CPU goes in each gateway ({@code bench/cpu-split.sh}): async-profiler's
 * CPU samples, taken with {@code threads} and written {@code collapsed} (one line per distinct stack,
 * {@code [thread tid=N];frame;...;frame COUNT}, the kernel's frames ending in {@code _[k]}), are put
 * into the {@link Part}s of a request's path and divided by the requests served meanwhile. Side by
 * side, a bare proxy on the same framework and Hyperlocal show what Hyperlocal's features cost, and
 * in which piece.
 *
 * <p>Usage: {@code CpuSplit --requests N --interval-us US --peer NAME COLLAPSED-FILE [--cpu NAME US] ...};
 * {@code --cpu} gives the CPU a request the process took from {@code /proc} without the profiler, shown
 * beside the sampled total (the profiler's own cost is the difference).
 */
public final class CpuSplit {
    /** A piece of a request's path, or a thread beside it. */
    enum Part {
        REQUEST("Hyperlocal: parsing and checking the request"),
        ADMISSION("Hyperlocal: authentication, entitlement, rate limits"),
        ROUTING("Hyperlocal: routing, and its log"),
        UPSTREAM_BODY("Hyperlocal: the upstream's request body"),
        ANSWER_READ("Hyperlocal: reading the upstream's answer"),
        ANSWER_WRITE("Hyperlocal: the answer's JSON and headers"),
        METERING("Hyperlocal: the usage event, the journal's queue"),
        OWN_OTHER("the gateway's other own code (dispatch, metrics; the bare proxy's relay)"),
        FRAMEWORK("HTTP server and client: Netty, Vert.x, Quarkus, with the JDK code they call"),
        KERNEL_SEND("kernel: sends (to the upstream, to the client)"),
        KERNEL_RECEIVE("kernel: receives"),
        KERNEL_EPOLL("kernel: epoll waits"),
        KERNEL_JOURNAL("kernel: the usage journal's write"),
        KERNEL_OTHER("kernel: other (page faults, interrupts, timers)"),
        JIT("other threads: JIT compilers"),
        GC("other threads: garbage collector, VM thread"),
        SHIPPER("other threads: usage shipper"),
        OTHER_THREADS("other threads: the rest (probes, change listeners, pollers)");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    /**
     * Frames that name a feature, tried from the deepest frame of a stack up, each frame against every
     * entry in this order: the first match names the part. A generic helper (Hyperlocal's
     * {@code Json.read}, Jackson) counts for the feature that called it.
     */
    private static final Map<String, Part> FEATURE_FRAMES = features();

    private static Map<String, Part> features() {
        Map<String, Part> frames = new LinkedHashMap<>();
        frames.put("io/hyperlocal/server/metering/", Part.METERING);
        frames.put("io/hyperlocal/server/gateway/CompletionJson", Part.ANSWER_WRITE);
        frames.put("io/hyperlocal/server/quota/RateLimits.headers", Part.ANSWER_WRITE);
        frames.put("io/hyperlocal/server/gateway/CompletionStream.markServingSite", Part.ANSWER_WRITE);
        frames.put("io/hyperlocal/server/gateway/Exchange.routeSummary", Part.ANSWER_WRITE);
        frames.put("io/hyperlocal/routing/Route.summary", Part.ANSWER_WRITE);
        frames.put("io/hyperlocal/engines/remote/CompletionStream", Part.ANSWER_READ);
        frames.put("io/hyperlocal/engines/remote/OpenAiJson.chunk", Part.ANSWER_READ);
        frames.put("io/hyperlocal/engines/remote/OpenAiJson.firstChoice", Part.ANSWER_READ);
        frames.put("io/hyperlocal/engines/remote/RemoteGeneration.line", Part.ANSWER_READ);
        frames.put("io/hyperlocal/engines/remote/RemoteGeneration.text", Part.ANSWER_READ);
        frames.put("io/hyperlocal/server/federation/SseLines", Part.ANSWER_READ);
        frames.put("io/hyperlocal/engines/remote/OpenAiJson.requestBody", Part.UPSTREAM_BODY);
        // Not the routing module as a whole: the answer's headers call its Route.summary.
        frames.put("io/hyperlocal/routing/Router", Part.ROUTING);
        frames.put("io/hyperlocal/server/gateway/Routing.", Part.ROUTING);
        frames.put("io/hyperlocal/server/federation/Federation.candidates", Part.ROUTING);
        frames.put("io/hyperlocal/server/federation/RouteLog", Part.ROUTING);
        frames.put("io/hyperlocal/server/access/", Part.ADMISSION);
        frames.put("io/hyperlocal/server/quota/", Part.ADMISSION);
        frames.put("io/hyperlocal/server/gateway/ChatRequestParser", Part.REQUEST);
        frames.put("io/hyperlocal/server/gateway/TextRequestParser", Part.REQUEST);
        frames.put("io/hyperlocal/server/gateway/CompletionsHandler.body", Part.REQUEST);
        frames.put("io/hyperlocal/server/gateway/SamplingFields", Part.REQUEST);
        frames.put("io/hyperlocal/server/gateway/Fields.", Part.REQUEST);
        return frames;
    }

    private static final String[] FRAMEWORK_PACKAGES = {"io/netty/", "io/vertx/", "io/quarkus/", "io/smallrye/"};

    private CpuSplit() {}

    /** The part one sampled stack belongs to; {@code frames[0]} is the thread, as {@code threads} writes it. */
    static Part part(String[] frames) {
        String thread = frames[0];
        if (!thread.startsWith("[vert.x-eventloop-thread")) {
            return backgroundPart(thread);
        }
        if (frames[frames.length - 1].endsWith("_[k]")) {
            return kernelPart(frames);
        }
        for (int i = frames.length - 1; i > 0; i--) {
            for (var feature : FEATURE_FRAMES.entrySet()) {
                if (frames[i].startsWith(feature.getKey())) {
                    return feature.getValue();
                }
            }
        }
        // No feature: the deepest frame of the gateway's own code or of the framework decides.
        for (int i = frames.length - 1; i > 0; i--) {
            if (frames[i].startsWith("io/hyperlocal/")) {
                return Part.OWN_OTHER;
            }
            for (String framework : FRAMEWORK_PACKAGES) {
                if (frames[i].startsWith(framework)) {
                    return Part.FRAMEWORK;
                }
            }
        }
        return Part.FRAMEWORK;
    }

    private static Part backgroundPart(String thread) {
        if (thread.startsWith("[C1 CompilerThre") || thread.startsWith("[C2 CompilerThre")) {
            return Part.JIT;
        }
        if (thread.startsWith("[GC Thread") || thread.startsWith("[G1 ") || thread.startsWith("[VM Thread")) {
            return Part.GC;
        }
        if (thread.startsWith("[usage-shipper")) {
            return Part.SHIPPER;
        }
        return Part.OTHER_THREADS;
    }

    /** A stack that ends in the kernel: the system call it entered by, or where it came from. */
    private static Part kernelPart(String[] frames) {
        for (int i = 1; i < frames.length; i++) {
            if (frames[i].startsWith("io/hyperlocal/server/metering/")) {
                return Part.KERNEL_JOURNAL;
            }
        }
        int entry = 1;
        while (entry < frames.length && !frames[entry].endsWith("_[k]")) {
            entry++;
        }
        String call = frames[entry - 1].toLowerCase(Locale.ROOT);
        if (call.contains("epoll")) {
            return Part.KERNEL_EPOLL;
        }
        if (call.contains("write") || call.contains("send")) {
            return Part.KERNEL_SEND;
        }
        if (call.contains("read") || call.contains("recv")) {
            return Part.KERNEL_RECEIVE;
        }
        return Part.KERNEL_OTHER;
    }

    /** Samples per part in one collapsed profile. */
    static Map<Part, Long> split(List<String> collapsed) {
        Map<Part, Long> samples = new EnumMap<>(Part.class);
        for (String line : collapsed) {
            int space = line.lastIndexOf(' ');
            if (line.isBlank() || space < 1) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a collapsed stack line (no sample count at its end): " + line, e);
            }
            String[] frames = line.substring(0, space).split(";");
            if (!frames[0].startsWith("[")) {
                throw new IllegalArgumentException(
                        "a stack without its thread: profile with the 'threads' option. Line: " + line);
            }
            samples.merge(part(frames), count, Long::sum);
        }
        return samples;
    }

    /** One gateway's profile. */
    record Peer(String name, Map<Part, Long> samples, Double procMicros) {}

    /** The table: sampled microseconds of CPU a request per part and gateway, then the totals. */
    static String table(List<Peer> peers, long requests, double intervalMicros) {
        if (requests < 1 || intervalMicros <= 0) {
            throw new IllegalArgumentException("requests and the sampling interval must be positive");
        }
        StringBuilder out = new StringBuilder("| where (µs of CPU a request, sampled) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Peer peer : peers) {
            out.append(' ').append(peer.name()).append(" |");
            rule.append("---|");
        }
        boolean difference = peers.size() == 2;
        if (difference) {
            out.append(' ').append(peers.get(1).name()).append(" − ").append(peers.get(0).name()).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        for (Part part : Part.values()) {
            if (peers.stream().allMatch(peer -> peer.samples().getOrDefault(part, 0L) == 0)) {
                continue;
            }
            row(out, part.label, peers, peer -> micros(peer.samples().getOrDefault(part, 0L), requests, intervalMicros),
                    difference);
        }
        row(out, "**total sampled**", peers, peer -> micros(total(peer.samples()), requests, intervalMicros), difference);
        if (peers.stream().allMatch(peer -> peer.procMicros() != null)) {
            row(out, "CPU a request from /proc, without the profiler", peers, Peer::procMicros, difference);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, List<Peer> peers,
            ToDoubleFunction<Peer> value, boolean difference) {
        out.append("| ").append(label).append(" |");
        for (Peer peer : peers) {
            out.append(String.format(Locale.ROOT, " %.1f |", value.applyAsDouble(peer)));
        }
        if (difference) {
            out.append(String.format(Locale.ROOT, " %+.1f |",
                    value.applyAsDouble(peers.get(1)) - value.applyAsDouble(peers.get(0))));
        }
        out.append('\n');
    }

    private static double micros(long samples, long requests, double intervalMicros) {
        return samples * intervalMicros / requests;
    }

    private static long total(Map<Part, Long> samples) {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    public static void main(String[] args) {
        String usage = "usage: CpuSplit --requests N --interval-us US --peer NAME COLLAPSED-FILE [--cpu NAME US] ...";
        long requests = 0;
        double interval = 0;
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--requests" -> requests = Long.parseLong(value(args, ++i));
                    case "--interval-us" -> interval = Double.parseDouble(value(args, ++i));
                    case "--peer" -> files.put(value(args, ++i), Path.of(value(args, ++i)));
                    case "--cpu" -> cpu.put(value(args, ++i), Double.parseDouble(value(args, ++i)));
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("CpuSplit: " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
        }
        if (files.isEmpty() || requests < 1 || interval <= 0) {
            System.err.println(usage);
            System.exit(2);
        }
        List<Peer> peers = new ArrayList<>();
        for (var file : files.entrySet()) {
            try {
                peers.add(new Peer(file.getKey(), split(Files.readAllLines(file.getValue())), cpu.get(file.getKey())));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("CpuSplit: " + file.getKey() + "'s profile " + file.getValue() + ": " + e);
                System.exit(1);
            }
        }
        System.out.print(table(peers, requests, interval));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("'" + args[i - 1] + "' lacks its value");
        }
        return args[i];
    }
}
