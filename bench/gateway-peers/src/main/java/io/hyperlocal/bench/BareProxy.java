package io.hyperlocal.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CountDownLatch;

/**
 * The floor of a gateway built on Vert.x: a reverse proxy with no feature at all, on the same Vert.x
 * and Netty as Hyperlocal's gateway and set up as it is (Netty's epoll transport, one event loop per
 * core, an HTTP/1.1 keep-alive client per loop whose connections belong to that loop, TCP_NODELAY).
 * It reads the request's body, sends it upstream unchanged, and relays the answer: whole when the
 * upstream gave its length, chunk by chunk otherwise. No authentication, no parsing, no routing, no
 * metering: what it adds to a request is what Vert.x, Netty and the kernel cost any gateway built on
 * them, so a benchmark beside nginx and Hyperlocal splits Hyperlocal's added time into the
 * framework's and the features'.
 */
public final class BareProxy {
    private final String upstreamHost;
    private final int upstreamPort;
    private final HttpClientOptions clientOptions = new HttpClientOptions()
            .setProtocolVersion(HttpVersion.HTTP_1_1)
            .setKeepAlive(true)
            .setKeepAliveTimeout(60)
            .setPipelining(false)
            .setTryUseCompression(false)
            .setTcpNoDelay(true);
    private final PoolOptions pool = new PoolOptions().setHttp1MaxSize(4096).setMaxWaitQueueSize(-1);
    /** One client per event loop, so that a pooled connection is always on the loop of the request using it. */
    private final ThreadLocal<HttpClient> clients = new ThreadLocal<>();

    private BareProxy(String upstreamHost, int upstreamPort) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9101;
        int upstream = 9100;
        int eventLoops = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--upstream-port" -> upstream = Integer.parseInt(args[++i]);
                case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: BareProxy [--port 9101] [--upstream-port 9100] [--event-loops <cores>]");
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        if (!vertx.isNativeTransportEnabled()) {
            System.err.println("bare proxy: Netty's epoll transport is not available, Hyperlocal's gateway uses it: "
                    + vertx.unavailableNativeTransportCause());
            System.exit(1);
        }
        BareProxy proxy = new BareProxy("127.0.0.1", upstream);
        HttpServerOptions options = new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true)
                .setAcceptBacklog(8192).setIdleTimeout(0);
        // One server per loop, as Quarkus deploys its HTTP server: Vert.x spreads the connections over them.
        CountDownLatch started = new CountDownLatch(eventLoops);
        for (int i = 0; i < eventLoops; i++) {
            Context loop = vertx.getOrCreateContext();
            loop.runOnContext(ignored -> vertx.createHttpServer(options).requestHandler(proxy::handle).listen()
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            ar.cause().printStackTrace();
                            System.exit(1);
                        }
                        started.countDown();
                    }));
        }
        started.await();
        System.out.println("bare Vert.x proxy listening on 127.0.0.1:" + port + " with " + eventLoops
                + " event loop(s), to 127.0.0.1:" + upstream);
    }

    private void handle(HttpServerRequest in) {
        in.body().onComplete(read -> {
            if (read.failed()) {
                in.response().setStatusCode(400).end();
                return;
            }
            RequestOptions target = new RequestOptions().setMethod(in.method()).setHost(upstreamHost)
                    .setPort(upstreamPort).setURI(in.uri());
            String contentType = in.getHeader("content-type");
            if (contentType != null) {
                target.putHeader("content-type", contentType);
            }
            client().request(target).onComplete(opened -> {
                if (opened.failed()) {
                    in.response().setStatusCode(502).end();
                    return;
                }
                HttpClientRequest out = opened.result();
                out.send(read.result()).onComplete(answered -> {
                    if (answered.failed()) {
                        if (!in.response().headWritten()) {
                            in.response().setStatusCode(502).end();
                        } else {
                            in.response().reset();
                        }
                        return;
                    }
                    relay(answered.result(), in.response());
                });
            });
        });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode());
        String contentType = answer.getHeader("content-type");
        if (contentType != null) {
            response.putHeader("content-type", contentType);
        }
        if (answer.getHeader("content-length") != null) {
            answer.body().onComplete(body -> {
                if (body.succeeded()) {
                    response.end(body.result());
                } else {
                    response.reset();
                }
            });
            return;
        }
        response.setChunked(true);
        answer.handler(response::write);
        answer.exceptionHandler(failure -> response.reset());
        answer.endHandler(ignored -> response.end());
    }

    private HttpClient client() {
        HttpClient client = clients.get();
        if (client == null) {
            client = Vertx.currentContext().owner().createHttpClient(clientOptions, pool);
            clients.set(client);
        }
        return client;
    }
}
