package io.hyperlocal.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One measurement: chat completions sent to one peer, open loop at a constant rate (wrk2 style: request
 * {@code i} is due at {@code start + i / rate}, and its latency counts from that intended time, so a
 * gateway that stalls is charged for every request that should have been sent meanwhile), or one at a
 * time ({@code rate == 0}: the next request leaves when the previous one has ended; latency from its
 * send).
 *
 * <p>Everything runs on one Vert.x event loop, so the histograms need no synchronisation. Latency is
 * the time to the last byte of the answer; for a stream also the time to the first content chunk and
 * the gaps between content chunks and from the last one to the stream's end (a gap over one second is
 * a stall). Answers after the drain time are not recorded: they were counted as errors.
 */
final class LoadStep {
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** What one step measured. */
    record Result(String peer, String mode, double targetRate, int planned, long ok, long errors, double achievedRate,
            Histogram latency, Histogram firstChunk, Histogram gaps, long chunks, long stalls, double chunksPerSecond,
            long maxRssKb, long cpuMillis, Map<String, Integer> errorKinds, long databaseCpuMillis,
            long databasePssKb) {

        /** The peer's CPU time per answered request, in microseconds; -1 when unknown. */
        double cpuMicrosPerRequest() {
            return ok == 0 || cpuMillis <= 0 ? -1 : cpuMillis * 1000.0 / ok;
        }

        /** Its database's CPU time per answered request, in microseconds; -1 without one (or none used). */
        double databaseCpuMicrosPerRequest() {
            return ok == 0 || databaseCpuMillis < 0 ? -1 : databaseCpuMillis * 1000.0 / ok;
        }
    }

    private final Context context;
    private final HttpClient client;
    private final RequestOptions options;
    private final Buffer body;
    private final boolean stream;
    private final double rate;
    private final int concurrency;
    private final int planned;
    private final long drainNanos;
    private final String peer;
    private final String mode;
    private final RssSampler rss;
    /** The peer's own database (Hyperlocal's embedded PostgreSQL); null for peers without one. */
    private final ProcessTree database;
    private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram firstChunk = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram gaps = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, Integer> errorKinds = new TreeMap<>();
    private final Promise<Result> done = Promise.promise();
    private long start;
    private long cpuAtStart;
    private long databaseCpuAtStart;
    private int sent;
    private int inFlight;
    private long ok;
    private long errors;
    private long chunks;
    private long stalls;
    private long firstChunkAt = Long.MAX_VALUE;
    private long lastChunkAt;
    private long lastEnd;
    private long timer = -1;
    private boolean finished;
    /** When BENCH_TIMELINE names a file, each rate step appends its slowest answer per 100 ms to it. */
    private final String timelineFile = System.getenv("BENCH_TIMELINE");
    private final Timeline timeline = new Timeline();

    /**
     * @param rate requests per second, open loop; 0 for closed loop (each answer sends the next request)
     * @param concurrency for the closed loop: requests in flight (1: one at a time)
     * @param planned requests to send
     * @param drainNanos how long to wait for the answers after the last send; those still open then are errors
     * @param database the peer's own database processes, whose CPU and memory are reported beside the peer's;
     *     null for none
     */
    LoadStep(Context context, HttpClient client, RequestOptions options, Buffer body, boolean stream, double rate,
            int concurrency, int planned, long drainNanos, String peer, String mode, RssSampler rss,
            ProcessTree database) {
        this.context = context;
        this.client = client;
        this.options = options;
        this.body = body;
        this.stream = stream;
        this.rate = rate;
        this.concurrency = Math.max(1, concurrency);
        this.planned = planned;
        this.drainNanos = drainNanos;
        this.peer = peer;
        this.mode = mode;
        this.rss = rss;
        this.database = database;
    }

    Future<Result> run() {
        context.runOnContext(ignored -> begin());
        return done.future();
    }

    private void begin() {
        rss.reset();
        cpuAtStart = rss.cpuMillis();
        databaseCpuAtStart = database == null ? 0 : database.cpuMillis();
        start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        if (rate == 0) {
            for (int i = 0; i < concurrency; i++) {
                sendNext();
            }
        } else {
            timer = context.owner().setPeriodic(1, ignored -> tick());
        }
        long planMs = rate == 0 ? TimeUnit.MINUTES.toMillis(30) : (long) (planned * 1000.0 / rate);
        context.owner().setTimer(planMs + TimeUnit.NANOSECONDS.toMillis(drainNanos), ignored -> finish());
    }

    private void tick() {
        long now = System.nanoTime();
        while (sent < planned) {
            long intended = start + (long) (sent * 1e9 / rate);
            if (intended > now) {
                return;
            }
            sent++;
            send(intended);
        }
        context.owner().cancelTimer(timer);
        maybeFinish();
    }

    private void sendNext() {
        if (sent < planned) {
            sent++;
            send(System.nanoTime());
        } else {
            maybeFinish();
        }
    }

    private void send(long intended) {
        inFlight++;
        client.request(options)
                .compose(request -> request.send(body))
                .onComplete(answer -> {
                    if (answer.failed()) {
                        failed(kind(answer.cause()));
                        return;
                    }
                    HttpClientResponse response = answer.result();
                    if (response.statusCode() != 200) {
                        response.body().onComplete(ignored -> failed("HTTP " + response.statusCode() + " "
                                + (ignored.succeeded() ? abbreviate(ignored.result().toString()) : "")));
                        return;
                    }
                    if (!stream) {
                        response.body().onComplete(whole -> {
                            if (whole.failed() || whole.result().length() == 0) {
                                failed(whole.failed() ? kind(whole.cause()) : "empty body");
                            } else {
                                succeeded(intended);
                            }
                        });
                        return;
                    }
                    Events events = new Events(intended);
                    response.handler(events::read);
                    response.exceptionHandler(failure -> events.fail(kind(failure)));
                    response.endHandler(ignored -> events.end());
                });
    }

    /**
     * The SSE events of one streamed answer, read byte by byte without copying: an event ends at a blank
     * line ({@code \n\n} or {@code \r\n\r\n}); it is a content chunk when it holds the upstream's token
     * {@code "tok "}, the end when it holds {@code [DONE]}.
     */
    private final class Events {
        private static final int TOKEN = 0x746F6B20;
        private static final int DONE = 0x5B444F;
        private final long intended;
        private int window;
        private boolean token;
        private long last;
        private boolean sawDone;
        private boolean over;

        Events(long intended) {
            this.intended = intended;
        }

        void read(Buffer buffer) {
            if (finished) {
                return;
            }
            long now = System.nanoTime();
            int length = buffer.length();
            for (int i = 0; i < length; i++) {
                window = (window << 8) | (buffer.getByte(i) & 0xFF);
                if ((window & 0xFFFF) == 0x0A0A || (window & 0xFFFFFF) == 0x0A0D0A) {
                    if (token) {
                        chunk(now);
                    }
                    token = false;
                } else if (window == TOKEN) {
                    token = true;
                } else if ((window & 0xFFFFFF) == DONE) {
                    sawDone = true;
                }
            }
        }

        private void chunk(long now) {
            chunks++;
            if (last == 0) {
                firstChunk.recordValue(Math.max(0, (now - intended) / 1000));
                firstChunkAt = Math.min(firstChunkAt, now);
            } else {
                long gap = now - last;
                gaps.recordValue(gap / 1000);
                if (gap > STALL_NANOS) {
                    stalls++;
                }
            }
            last = now;
            lastChunkAt = Math.max(lastChunkAt, now);
        }

        void fail(String kind) {
            if (!over) {
                over = true;
                failed(kind);
            }
        }

        void end() {
            if (over || finished) {
                return; // after the drain time the stream was already counted as an error
            }
            over = true;
            if (!sawDone || last == 0) {
                failed(sawDone ? "stream without content" : "stream ended without [DONE]");
            } else {
                // The wait from the last content chunk to the stream's end is a gap too: a gateway that
                // held the end (its usage record, say) for over a second stalled the client as much.
                long gap = System.nanoTime() - last;
                gaps.recordValue(gap / 1000);
                if (gap > STALL_NANOS) {
                    stalls++;
                }
                succeeded(intended);
            }
        }
    }

    private void succeeded(long intended) {
        if (finished) {
            return; // after the drain time: already counted as an error, and the step's figures are out
        }
        long now = System.nanoTime();
        latency.recordValue(Math.max(0, (now - intended) / 1000));
        if (timelineFile != null && rate > 0) {
            timeline.record(intended - start, (now - intended) / 1000);
        }
        ok++;
        lastEnd = Math.max(lastEnd, now);
        ended();
    }

    private void failed(String kind) {
        if (finished) {
            return;
        }
        errors++;
        errorKinds.merge(kind, 1, Integer::sum);
        lastEnd = Math.max(lastEnd, System.nanoTime());
        ended();
    }

    private void ended() {
        inFlight--;
        if (rate == 0) {
            sendNext();
        } else {
            maybeFinish();
        }
    }

    private void maybeFinish() {
        if (sent == planned && inFlight == 0) {
            finish();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
        }
        long open = planned - ok - errors;
        if (open > 0) {
            errors += open;
            errorKinds.merge("no answer within the drain time", (int) open, Integer::sum);
        }
        if (timelineFile != null && rate > 0) {
            writeTimeline();
        }
        // The last answers end one latency after the last send: that time is not the gateway's.
        double seconds = (lastEnd - start - latency.getMinValue() * 1000) / 1e9;
        double achieved = seconds > 0 ? ok / seconds : 0;
        double chunkSeconds = (lastChunkAt - firstChunkAt) / 1e9;
        double chunksPerSecond = chunkSeconds > 0 ? chunks / chunkSeconds : 0;
        done.complete(new Result(peer, mode, rate, planned, ok, errors, achieved, latency, firstChunk, gaps, chunks,
                stalls, chunksPerSecond, rss.max(), rss.cpuMillis() - cpuAtStart, errorKinds,
                database == null ? -1 : database.cpuMillis() - databaseCpuAtStart,
                database == null ? 0 : database.pssKb()));
    }

    private void writeTimeline() {
        long startEpochMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String label = peer + " " + (stream ? "streamed" : "whole") + " " + Math.round(rate);
        try {
            Files.writeString(Path.of(timelineFile), timeline.lines(label, startEpochMillis), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append the timeline to " + timelineFile + ": " + e.getMessage());
        }
    }

    private static String kind(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(failure.getMessage()));
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    static RequestOptions post(String host, int port, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(path).setIdleTimeout(30_000).putHeader("content-type", "application/json");
        headers.forEach(options::putHeader);
        return options;
    }
}
