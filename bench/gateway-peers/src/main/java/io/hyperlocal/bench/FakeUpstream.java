package io.hyperlocal.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A fast OpenAI-compatible upstream for gateway benchmarks: {@code POST /v1/chat/completions}, streamed
 * (SSE) or not, with fixed delays taken from the model name, so that every gateway in front of it
 * forwards the same behaviour without custom headers:
 * {@code bench-l<latency ms>-c<chunks>-i<interval ms>} waits the latency, then sends the chunks one
 * interval apart (all in one write when the interval is 0). A non-streamed request waits the latency
 * plus the chunks' intervals and answers the whole text. Each chunk carries one token ({@code "tok "});
 * the stream ends with a usage chunk and {@code [DONE]}.
 *
 * <p>Everything is precomputed per model and served from Vert.x timers on the event loops, so the
 * server costs a few microseconds of CPU per request and per chunk: it is not what a benchmark measures.
 * {@code GET /v1/models} lists the models asked so far; {@code GET /metrics} answers 501 (no metrics, as
 * llama-server without {@code --metrics}).
 */
public final class FakeUpstream {
    /** The precomputed answers of one model name. */
    private record Profile(long latencyMs, int chunks, long intervalMs, Buffer[] chunkBuffers, Buffer allChunks,
            Buffer whole) {}

    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

    public static void main(String[] args) throws InterruptedException {
        int port = 9100;
        int eventLoops = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: FakeUpstream [--port 9100] [--event-loops 1]");
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        FakeUpstream upstream = new FakeUpstream();
        HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true)
                .setAcceptBacklog(8192).setIdleTimeout(0);
        CountDownLatch started = new CountDownLatch(eventLoops);
        for (int i = 0; i < eventLoops; i++) {
            vertx.createHttpServer(options).requestHandler(upstream::handle).listen().onComplete(ar -> {
                if (ar.failed()) {
                    ar.cause().printStackTrace();
                    System.exit(1);
                }
                started.countDown();
            });
        }
        started.await();
        System.out.println("fake upstream listening on 127.0.0.1:" + port + " with " + eventLoops + " event loop(s)");
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.POST && path.endsWith("/chat/completions")) {
            request.body().onSuccess(body -> complete(request, body));
        } else if (path.endsWith("/models")) {
            StringBuilder list = new StringBuilder("{\"object\":\"list\",\"data\":[");
            String separator = "";
            for (String model : profiles.keySet()) {
                list.append(separator).append("{\"id\":\"").append(model).append("\",\"object\":\"model\"}");
                separator = ",";
            }
            request.response().putHeader("content-type", "application/json").end(list.append("]}").toString());
        } else if (path.equals("/metrics")) {
            request.response().setStatusCode(501).end();
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void complete(HttpServerRequest request, Buffer body) {
        String text = body.toString(StandardCharsets.UTF_8);
        String model = stringField(text, "\"model\"");
        Profile profile;
        try {
            profile = profiles.computeIfAbsent(model, FakeUpstream::profile);
        } catch (IllegalArgumentException e) {
            request.response().setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"" + e.getMessage() + "\",\"type\":\"invalid_request_error\","
                            + "\"code\":\"model_not_found\"}}");
            return;
        }
        boolean stream = isTrue(text, "\"stream\"");
        HttpServerResponse response = request.response();
        Vertx vertx = Vertx.currentContext().owner();
        if (!stream) {
            long delay = profile.latencyMs() + profile.intervalMs() * Math.max(0, profile.chunks() - 1);
            after(vertx, delay, () -> response.putHeader("content-type", "application/json").end(profile.whole()));
            return;
        }
        after(vertx, profile.latencyMs(), () -> {
            response.setChunked(true).putHeader("content-type", "text/event-stream")
                    .putHeader("cache-control", "no-cache");
            if (profile.intervalMs() == 0) {
                response.end(profile.allChunks());
                return;
            }
            new Streamer(vertx, response, profile).next();
        });
    }

    /** Sends one chunk per interval; stops when the client goes away. */
    private static final class Streamer {
        private final Vertx vertx;
        private final HttpServerResponse response;
        private final Profile profile;
        private int sent;
        private boolean closed;

        Streamer(Vertx vertx, HttpServerResponse response, Profile profile) {
            this.vertx = vertx;
            this.response = response;
            this.profile = profile;
            response.closeHandler(ignored -> closed = true);
        }

        void next() {
            if (closed) {
                return;
            }
            if (sent == profile.chunks() - 1) {
                response.end(profile.chunkBuffers()[sent]);
                return;
            }
            response.write(profile.chunkBuffers()[sent++]);
            vertx.setTimer(profile.intervalMs(), ignored -> next());
        }
    }

    private static void after(Vertx vertx, long delayMs, Runnable action) {
        if (delayMs <= 0) {
            action.run();
        } else {
            vertx.setTimer(delayMs, ignored -> action.run());
        }
    }

    /** Parses {@code bench-l20-c10-i5}; throws for another name. */
    static Profile profile(String model) {
        String[] parts = model.split("-");
        if (parts.length != 4 || !parts[0].equals("bench") || !parts[1].startsWith("l") || !parts[2].startsWith("c")
                || !parts[3].startsWith("i")) {
            throw new IllegalArgumentException("model '" + model + "' is not bench-l<latency ms>-c<chunks>-i<interval ms>");
        }
        long latency = Long.parseLong(parts[1].substring(1));
        int chunks = Integer.parseInt(parts[2].substring(1));
        long interval = Long.parseLong(parts[3].substring(1));
        if (chunks < 1) {
            throw new IllegalArgumentException("model '" + model + "' needs at least one chunk");
        }
        String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764115200,\"model\":\""
                + model + "\",";
        Buffer[] buffers = new Buffer[chunks];
        Buffer all = Buffer.buffer();
        for (int i = 0; i < chunks; i++) {
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"tok \"}" : "{\"content\":\"tok \"}";
            StringBuilder event = new StringBuilder("data: ").append(head)
                    .append("\"choices\":[{\"index\":0,\"delta\":").append(delta).append(",\"finish_reason\":")
                    .append(i == chunks - 1 ? "\"stop\"" : "null").append("}]}\n\n");
            if (i == chunks - 1) {
                event.append("data: ").append(head).append("\"choices\":[],\"usage\":{\"prompt_tokens\":16,")
                        .append("\"completion_tokens\":").append(chunks).append(",\"total_tokens\":")
                        .append(16 + chunks).append("}}\n\ndata: [DONE]\n\n");
            }
            buffers[i] = Buffer.buffer(event.toString());
            all.appendBuffer(buffers[i]);
        }
        String whole = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764115200,\"model\":\""
                + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + "tok ".repeat(chunks) + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":16,"
                + "\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (16 + chunks) + "}}";
        return new Profile(latency, chunks, interval, buffers, all, Buffer.buffer(whole));
    }

    /** The string value after {@code "name"}: the first one in the body (enough for the gateways' bodies). */
    static String stringField(String json, String name) {
        int at = json.indexOf(name);
        if (at < 0) {
            return "";
        }
        int open = json.indexOf('"', json.indexOf(':', at + name.length()) + 1);
        int close = json.indexOf('"', open + 1);
        return open < 0 || close < 0 ? "" : json.substring(open + 1, close);
    }

    static boolean isTrue(String json, String name) {
        int at = json.indexOf(name);
        if (at < 0) {
            return false;
        }
        int colon = json.indexOf(':', at + name.length());
        int i = colon + 1;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return json.startsWith("true", i);
    }
}
