package io.hyperlocal.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.engines.remote.StreamTransport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vert.x transport against a real Vert.x HTTP server. */
class VertxStreamTransportTest {
    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private URI url;
    private StreamTransport transport;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .connectionHandler(connection -> {
                    connections.incrementAndGet();
                    connection.closeHandler(ignored -> closed.add("closed"));
                })
                .requestHandler(request -> request.body().onSuccess(body -> {
                    String path = request.path();
                    var response = request.response();
                    switch (path) {
                        case "/v1/stream" -> {
                            response.setChunked(true).putHeader("content-type", "text/event-stream");
                            // Lines cut across chunks, every terminator, and a character split between chunks.
                            response.write("data: one\r\n\r");
                            response.write("\ndata: d");
                            response.write(Buffer.buffer(new byte[] {(byte) 0xC3}));
                            response.write(Buffer.buffer(new byte[] {(byte) 0xA9, '\r'}));
                            response.end("data: " + body.toString() + "\n\nlast");
                        }
                        case "/v1/missing" -> response.setStatusCode(404).end("{\"error\": \"no such model\"}");
                        case "/v1/hang" -> response.setChunked(true).write("data: started\n\n");
                        default -> response.setStatusCode(500).end();
                    }
                }));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        url = URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/");
        transport = new VertxStreamTransport(vertx, Duration.ofSeconds(2), 8);
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void linesArriveWholeWhereverTheChunksAreCut() throws Exception {
        Recorded answer = post("stream", "{\"x\":1}");

        assertThat(answer.result.get(5, TimeUnit.SECONDS)).isEqualTo("complete 200 ");
        assertThat(answer.events).containsExactly("status 200", "line data: one", "line ", "line data: dé",
                "line data: {\"x\":1}", "line ", "line last");
    }

    @Test
    void sequentialCallsReuseOneConnection() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(post("stream", "{}").result.get(5, TimeUnit.SECONDS)).isEqualTo("complete 200 ");
        }

        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void callsFromBlockingHandlersOfDuplicatedContextsReuseConnections() throws Exception {
        for (int i = 0; i < 20; i++) {
            var context = ((io.vertx.core.impl.ContextInternal) vertx.getOrCreateContext()).duplicate();
            CompletableFuture<Recorded> posted = new CompletableFuture<>();
            context.runOnContext(ignored -> context.executeBlocking(() -> {
                posted.complete(post("stream", "{}"));
                return null;
            }));
            assertThat(posted.get(5, TimeUnit.SECONDS).result.get(5, TimeUnit.SECONDS)).isEqualTo("complete 200 ");
        }

        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void anAnswerOtherThan200BringsItsBody() throws Exception {
        Recorded answer = post("missing", "{}");

        assertThat(answer.result.get(5, TimeUnit.SECONDS)).isEqualTo("complete 404 {\"error\": \"no such model\"}");
        assertThat(answer.events).containsExactly("status 404");
    }

    @Test
    void anUnreachableServerFails() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(post("stream", "{}").result.get(5, TimeUnit.SECONDS)).startsWith("failed ");
    }

    @Test
    void abortClosesTheConnectionAndReportsNothingMore() throws Exception {
        Recorded answer = post("hang", "{}");
        for (int i = 0; i < 100 && !answer.events.contains("line data: started"); i++) {
            Thread.sleep(20);
        }
        assertThat(answer.events).contains("line data: started");

        answer.call.abort();

        for (int i = 0; i < 100 && closed.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(closed).hasSize(1);
        assertThat(answer.result).isNotDone();
    }

    @Test
    void aCallOnAnEventLoopIsAnsweredOnThatLoop() throws Exception {
        CompletableFuture<List<String>> threads = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            String caller = Thread.currentThread().getName();
            List<String> seen = new CopyOnWriteArrayList<>();
            seen.add(caller);
            transport.post(url.resolve("stream"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), new StreamTransport.Response() {
                @Override
                public void status(int code) {
                    seen.add(Thread.currentThread().getName());
                }

                @Override
                public void line(String line) {
                    seen.add(Thread.currentThread().getName());
                }

                @Override
                public void complete(int code, String errorBody) {
                    seen.add(Thread.currentThread().getName());
                    threads.complete(seen);
                }

                @Override
                public void failed(Throwable failure) {
                    threads.completeExceptionally(failure);
                }
            });
        });

        List<String> seen = threads.get(5, TimeUnit.SECONDS);
        assertThat(seen).hasSizeGreaterThan(3).allMatch(name -> name.equals(seen.get(0)));
    }

    private Recorded post(String path, String body) {
        Recorded recorded = new Recorded();
        recorded.call = transport.post(url.resolve(path), Map.of("X-Request-Id", "req_1"),
                body.getBytes(StandardCharsets.UTF_8), recorded);
        return recorded;
    }

    private static final class Recorded implements StreamTransport.Response {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> result = new CompletableFuture<>();
        StreamTransport.Call call;

        @Override
        public void status(int code) {
            events.add("status " + code);
        }

        @Override
        public void line(String line) {
            events.add("line " + line);
        }

        @Override
        public void complete(int code, String errorBody) {
            result.complete("complete " + code + " " + errorBody);
        }

        @Override
        public void failed(Throwable failure) {
            result.complete("failed " + failure);
        }
    }
}
