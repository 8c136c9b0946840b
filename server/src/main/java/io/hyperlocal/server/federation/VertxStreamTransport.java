package io.hyperlocal.server.federation;

import io.hyperlocal.engines.remote.StreamTransport;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Streams a remote engine's completions over the server's own Vert.x event loops. A call made on an
 * event loop (or in a blocking handler of a request, whose context is the request's loop) runs on
 * that loop, on a client whose connections all belong to that loop: the upstream's chunks are read
 * and written to the caller's response on one thread, with no hand-off and no wake-up per chunk,
 * which the JDK client (a selector thread of its own) cannot avoid. Calls from other threads go to
 * the loops in turn.
 *
 * <p>HTTP/1.1 with keep-alive, one connection per stream; aborting resets the request, which closes
 * its connection, so the upstream sees the client go.
 */
public final class VertxStreamTransport implements StreamTransport {
    private static final int MAX_TARGETS = 1024;
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** One client per event-loop thread, so that a pooled connection is always on the caller's loop. */
    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<URI, RequestOptions> targets = new ConcurrentHashMap<>();
    private final List<Context> loops;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param connections most connections to the upstream per event loop (the engine's slots)
     */
    public VertxStreamTransport(Vertx vertx, Duration connectTimeout, int connections) {
        this.vertx = Objects.requireNonNull(vertx, "vertx is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be > 0: " + connections);
        }
        this.options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setPipelining(false)
                .setTryUseCompression(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.pool = new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1);
        // Contexts created off the loops are spread over them; calls from such threads take turns.
        this.loops = IntStream.range(0, 4).mapToObj(i -> vertx.getOrCreateContext()).toList();
    }

    @Override
    public Call post(URI url, Map<String, String> headers, byte[] body, Response response) {
        if (closed.get()) {
            throw new IllegalStateException("the transport is closed");
        }
        if (targets.size() > MAX_TARGETS) {
            targets.clear();
        }
        Context current = Vertx.currentContext();
        Context loop = current != null && current.isEventLoopContext() ? current
                : loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        RequestOptions request = new RequestOptions(targets.computeIfAbsent(url, VertxStreamTransport::target));
        headers.forEach(request::putHeader);
        VertxCall call = new VertxCall(loop, request, Buffer.buffer(body), response);
        if (Context.isOnEventLoopThread() && current == loop) {
            call.start();
        } else {
            loop.runOnContext(ignored -> call.start());
        }
        return call;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            clients.values().forEach(HttpClient::close);
            clients.clear();
        }
    }

    /**
     * A POST to {@code url}, parsed once per engine endpoint: parsing the URL on every request cost half a
     * percent of the gateway's CPU at 5,000 requests/s. Endpoints come from configured engines, so the
     * map stays small; it is cleared if it ever grows past {@link #MAX_TARGETS}.
     */
    private static RequestOptions target(URI url) {
        return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString());
    }

    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(options, pool));
    }

    /** One exchange; everything but {@link #abort()} runs on its loop. */
    private final class VertxCall implements Call {
        private final Context loop;
        private final RequestOptions options;
        private final Buffer payload;
        private final Response response;
        private volatile boolean aborted;
        private HttpClientRequest request;
        private boolean ended;

        VertxCall(Context loop, RequestOptions options, Buffer payload, Response response) {
            this.loop = loop;
            this.options = options;
            this.payload = payload;
            this.response = response;
        }

        void start() {
            if (aborted) {
                return;
            }
            if (closed.get()) {
                fail(new IllegalStateException("the transport is closed"));
                return;
            }
            client().request(options).onComplete(this::opened);
        }

        private void opened(AsyncResult<HttpClientRequest> opened) {
            if (opened.failed()) {
                fail(opened.cause());
                return;
            }
            request = opened.result();
            if (aborted) {
                request.reset();
                return;
            }
            request.send(payload).onComplete(this::answered);
        }

        private void answered(AsyncResult<HttpClientResponse> answered) {
            if (answered.failed()) {
                fail(answered.cause());
                return;
            }
            if (aborted) {
                return;
            }
            HttpClientResponse answer = answered.result();
            int code = answer.statusCode();
            response.status(code);
            if (code == 200) {
                SseLines lines = new SseLines(line -> {
                    if (!aborted) {
                        response.line(line);
                    }
                });
                answer.handler(lines::feed);
                answer.exceptionHandler(this::fail);
                answer.endHandler(ignored -> {
                    lines.finish();
                    complete(code, "");
                });
            } else {
                answer.body().onComplete(text -> {
                    if (text.succeeded()) {
                        complete(code, text.result().toString(StandardCharsets.UTF_8));
                    } else {
                        fail(text.cause());
                    }
                });
            }
        }

        private void complete(int code, String errorBody) {
            if (!ended && !aborted) {
                ended = true;
                response.complete(code, errorBody);
            }
        }

        private void fail(Throwable failure) {
            if (!ended && !aborted) {
                ended = true;
                response.failed(failure);
            }
        }

        @Override
        public void abort() {
            aborted = true;
            loop.runOnContext(ignored -> {
                if (request != null && !ended) {
                    request.reset();
                }
            });
        }
    }
}
