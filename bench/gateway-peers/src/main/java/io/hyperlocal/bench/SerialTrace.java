package io.hyperlocal.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One chat completion at a time over one kept-alive connection, with a plain blocking socket: the
 * least client work between two requests, for comparing two gateways side by side
 * ({@code bench/side-by-side.sh}). Prints one line: the percentiles of the recorded requests.
 *
 * <p>Usage: {@code SerialTrace PORT REQUESTS WARM-UP [API-KEY [TRACE-FILE]]}. Every answer must be
 * 200: the first other status ends the run with exit status 1, because a refused request is fast and
 * would flatter the figures. With a trace file, each recorded request is also written to it as
 * {@code start,latency}: its start in {@code System.nanoTime()} nanoseconds (the kernel's monotonic
 * clock, which {@code perf record -k mono} also uses) and its latency in microseconds; then a
 * {@code thread,TID} line for each of this process's threads. {@link TailCauses} reads it.
 */
public final class SerialTrace {
    private static final String BODY = "{\"model\":\"" + GatewayPeers.SERIAL_MODEL
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100}";

    private SerialTrace() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: SerialTrace PORT REQUESTS WARM-UP [API-KEY [TRACE-FILE]]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        if (requests < 100 || warmUp < 0) {
            System.err.println("SerialTrace: at least 100 requests (a p99 of one), and a warm-up of 0 or more");
            System.exit(2);
        }
        String key = args.length > 3 ? args[3] : "";
        Path traceFile = args.length > 4 ? Path.of(args[4]) : null;
        long[] starts = traceFile == null ? null : new long[requests];
        long[] micros = traceFile == null ? null : new long[requests];
        byte[] request = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (key.isEmpty() ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        long started = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            for (int i = -warmUp; i < requests; i++) {
                long start = System.nanoTime();
                if (i == 0) {
                    started = start;
                }
                out.write(request);
                out.flush();
                String status = readAnswer(in);
                if (!status.startsWith("HTTP/1.1 200")) {
                    System.err.println("SerialTrace: request " + (i + warmUp + 1) + " answered '" + status
                            + "'; every answer must be 200 (check the key and the model)");
                    System.exit(1);
                }
                if (i >= 0) {
                    long latency = (System.nanoTime() - start) / 1000;
                    latencies.recordValue(latency);
                    if (starts != null) {
                        starts[i] = start;
                        micros[i] = latency;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (traceFile != null) {
            try (var out = new PrintWriter(Files.newBufferedWriter(traceFile))) {
                for (int i = 0; i < requests; i++) {
                    out.println(starts[i] + "," + micros[i]);
                }
                // This process's threads, so that TailCauses knows the load generator's.
                try (var threads = Files.list(Path.of("/proc/self/task"))) {
                    threads.forEach(thread -> out.println("thread," + thread.getFileName()));
                } catch (IOException e) {
                    // No /proc: TailCauses counts the load generator among the other processes.
                }
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "requests %d  seconds %.2f  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms", requests, seconds,
                GatewayPeers.ms(latencies, 50), GatewayPeers.ms(latencies, 90), GatewayPeers.ms(latencies, 99),
                GatewayPeers.ms(latencies, 99.9), latencies.getMaxValue() / 1000.0));
    }

    /** Reads one answer with a Content-Length body; returns its status line. */
    private static String readAnswer(InputStream in) throws IOException {
        String status = null;
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the gateway closed the connection");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String text = line.toString().trim();
            line.setLength(0);
            if (text.isEmpty()) {
                break;
            }
            if (status == null) {
                status = text;
            } else if (text.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(text.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length: " + status);
        }
        in.readNBytes(length);
        return status;
    }
}
