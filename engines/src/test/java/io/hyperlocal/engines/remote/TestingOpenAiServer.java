package io.hyperlocal.engines.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible upstream on 127.0.0.1 that streams what a test tells it to, in vLLM's
 * shapes: a role chunk, one chunk per piece, a finish chunk, a usage chunk, {@code [DONE]}. It serves
 * {@code /v1/models} and {@code /metrics}, records the requests and the client connections it sees, and
 * notices when a client goes away in the middle of a stream.
 */
final class TestingOpenAiServer implements AutoCloseable {
    static final String MODEL = "demo";
    /** The prompt tokens the usage chunk reports, whatever the prompt. */
    static final int PROMPT_TOKENS = 7;

    /** How a stream ends after its pieces. */
    enum Ending {
        /** Finish chunk, usage chunk if asked, {@code [DONE]}. */
        DONE,
        /** The body ends properly but with no finish reason and no {@code [DONE]}. */
        CLEAN_EOF,
        /** The connection drops in the middle of the chunked body. */
        ABRUPT,
        /** An error event, as vLLM sends when the engine dies mid-stream. */
        ERROR_EVENT,
        /** Nothing more, until the server closes. */
        STALL
    }

    /** What the completion endpoints answer. */
    sealed interface Answer {
        record Stream(List<String> pieces, Duration firstDelay, Duration delay, boolean usage, String finishReason,
                Ending ending) implements Answer {
            Stream withDelays(Duration newFirstDelay, Duration newDelay) {
                return new Stream(pieces, newFirstDelay, newDelay, usage, finishReason, ending);
            }

            Stream withoutUsage() {
                return new Stream(pieces, firstDelay, delay, false, finishReason, ending);
            }

            Stream finishing(String newFinishReason) {
                return new Stream(pieces, firstDelay, delay, usage, newFinishReason, ending);
            }

            Stream ending(Ending newEnding) {
                return new Stream(pieces, firstDelay, delay, usage, finishReason, newEnding);
            }
        }

        record Status(int status, String body) implements Answer {}

        static Stream stream(String... pieces) {
            return new Stream(List.of(pieces), Duration.ZERO, Duration.ZERO, true, "stop", Ending.DONE);
        }

        static Stream stream(List<String> pieces) {
            return new Stream(List.copyOf(pieces), Duration.ZERO, Duration.ZERO, true, "stop", Ending.DONE);
        }

        static Status status(int status, String message) {
            return new Status(status, "{\"object\":\"error\",\"message\":\"" + message + "\",\"type\":\"BadRequestError\","
                    + "\"param\":null,\"code\":" + status + "}");
        }
    }

    /** One completion request as received. */
    record Received(String path, String authorization, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> completionPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientsGone = new AtomicInteger();
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicInteger modelRequests = new AtomicInteger();
    private volatile Answer answer = Answer.stream("Hello", ",", " world", "!");
    private volatile List<String> models = List.of(MODEL);
    private volatile String metrics = "";
    private volatile int failAllWith;

    private TestingOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestingOpenAiServer start() {
        try {
            return new TestingOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An http URL on a loopback port that nothing listens on, so connections are refused. */
    static URI refusingBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    void answer(Answer newAnswer) {
        answer = Objects.requireNonNull(newAnswer, "newAnswer is null");
    }

    void models(List<String> newModels) {
        models = List.copyOf(newModels);
    }

    /** The /metrics text; empty answers 404. */
    void metrics(String text) {
        metrics = Objects.requireNonNull(text, "text is null");
    }

    /** Every endpoint answers {@code status} (0 for normal service). */
    void failAll(int status) {
        failAllWith = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received lastReceived() {
        return received.getLast();
    }

    /** Distinct client connections (remote ports) that carried completion requests. */
    int completionConnections() {
        return completionPorts.size();
    }

    int modelRequests() {
        return modelRequests.get();
    }

    /** Streams being written now. */
    int streaming() {
        return streaming.get();
    }

    /** Streams whose client went away before the end. */
    int clientsGone() {
        return clientsGone.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean dropped = false;
        try {
            serve(exchange);
        } catch (DroppedConnection e) {
            // Left unclosed, the exchange ends with the server closing the socket in the middle of the body.
            dropped = true;
            throw e;
        } finally {
            if (!dropped) {
                exchange.close();
            }
        }
    }

    /** Thrown out of a handler so that the server drops the connection instead of ending the body. */
    private static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("dropping the connection on purpose", null, false, false);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        if (failAllWith != 0) {
            respond(exchange, failAllWith, "application/json", "{\"error\":{\"message\":\"broken on purpose\"}}");
            return;
        }
        switch (path) {
            case "/v1/models" -> {
                modelRequests.incrementAndGet();
                respond(exchange, 200, "application/json", modelList());
            }
            case "/metrics" -> {
                if (metrics.isEmpty()) {
                    respond(exchange, 404, "text/plain", "Not Found");
                } else {
                    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics);
                }
            }
            case "/v1/chat/completions", "/v1/completions" -> {
                completionPorts.add(exchange.getRemoteAddress().getPort());
                received.add(new Received(path, exchange.getRequestHeaders().getFirst("Authorization"),
                        JSON.readTree(requestBody)));
                boolean streamed = JSON.readTree(requestBody).path("stream").asBoolean(false);
                complete(exchange, path.equals("/v1/chat/completions"), streamed);
            }
            default -> respond(exchange, 404, "application/json", "{\"detail\":\"Not Found\"}");
        }
    }

    private void complete(HttpExchange exchange, boolean chat, boolean streamed) throws IOException {
        switch (answer) {
            case Answer.Status status -> respond(exchange, status.status(), "application/json", status.body());
            case Answer.Stream stream -> {
                streaming.incrementAndGet();
                try {
                    if (streamed) {
                        stream(exchange, chat, stream);
                    } else {
                        whole(exchange, chat, stream);
                    }
                } catch (IOException e) {
                    clientsGone.incrementAndGet();
                } finally {
                    streaming.decrementAndGet();
                }
            }
        }
    }

    private void stream(HttpExchange exchange, boolean chat, Answer.Stream stream) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        send(out, ": keep-alive\n\n");
        if (chat) {
            event(out, chunk(true, "", null).set("choices", JSON.createArrayNode().add(
                    JSON.createObjectNode().put("index", 0).set("delta", JSON.createObjectNode().put("role", "assistant")))));
        }
        pause(stream.firstDelay());
        for (int i = 0; i < stream.pieces().size(); i++) {
            if (i > 0) {
                pause(stream.delay());
            }
            event(out, chunk(chat, stream.pieces().get(i), null));
        }
        switch (stream.ending()) {
            case DONE -> {
                event(out, chunk(chat, "", stream.finishReason()));
                if (stream.usage()) {
                    ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", PROMPT_TOKENS)
                            .put("completion_tokens", stream.pieces().size())
                            .put("total_tokens", PROMPT_TOKENS + stream.pieces().size());
                    ObjectNode last = JSON.createObjectNode().put("id", "cmpl-1").put("model", MODEL);
                    last.putArray("choices");
                    last.set("usage", usage);
                    event(out, last);
                }
                send(out, "data: [DONE]\n\n");
            }
            case CLEAN_EOF -> {
                // The handler returns; the chunked body ends properly.
            }
            case ABRUPT -> throw new DroppedConnection();
            case ERROR_EVENT -> send(out, "data: {\"error\":{\"object\":\"error\",\"message\":\"EngineCore "
                    + "encountered an issue.\",\"type\":\"InternalServerError\",\"code\":500}}\n\n");
            case STALL -> awaitClosing();
        }
    }

    /**
     * A non-streamed answer, as vLLM gives it: after the delays, one JSON body with all the pieces. A
     * text completion's body is pretty-printed over several lines, as some servers do. The endings:
     * {@code CLEAN_EOF} leaves the finish reason out, {@code ABRUPT} drops the connection halfway
     * through the body, {@code ERROR_EVENT} answers 200 with an error object, {@code STALL} never answers.
     */
    private void whole(HttpExchange exchange, boolean chat, Answer.Stream stream) throws IOException {
        pause(stream.firstDelay());
        for (int i = 1; i < stream.pieces().size(); i++) {
            pause(stream.delay());
        }
        String text = String.join("", stream.pieces());
        ObjectNode answer = JSON.createObjectNode().put("id", "cmpl-1")
                .put("object", chat ? "chat.completion" : "text_completion").put("created", 0).put("model", MODEL);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", text);
        } else {
            choice.put("text", text);
        }
        if (stream.ending() == Ending.CLEAN_EOF) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", stream.finishReason());
        }
        if (stream.usage()) {
            answer.putObject("usage").put("prompt_tokens", PROMPT_TOKENS)
                    .put("completion_tokens", stream.pieces().size())
                    .put("total_tokens", PROMPT_TOKENS + stream.pieces().size());
        }
        String body = chat ? answer.toString() : answer.toPrettyString();
        switch (stream.ending()) {
            case DONE, CLEAN_EOF -> respond(exchange, 200, "application/json", body);
            case ABRUPT -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                send(exchange.getResponseBody(), body.substring(0, body.length() / 2));
                throw new DroppedConnection();
            }
            case ERROR_EVENT -> respond(exchange, 200, "application/json", "{\"error\":{\"object\":\"error\","
                    + "\"message\":\"EngineCore encountered an issue.\",\"type\":\"InternalServerError\",\"code\":500}}");
            case STALL -> awaitClosing();
        }
    }

    private ObjectNode chunk(boolean chat, String text, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "cmpl-1")
                .put("object", chat ? "chat.completion.chunk" : "text_completion").put("created", 0).put("model", MODEL);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        if (chat) {
            choice.putObject("delta").put("content", text);
        } else {
            choice.put("text", text);
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static void event(OutputStream out, JsonNode chunk) throws IOException {
        send(out, "data: " + chunk + "\n\n");
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String modelList() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        var data = list.putArray("data");
        models.forEach(id -> data.addObject().put("id", id).put("object", "model").put("owned_by", "vllm")
                .put("max_model_len", 8192));
        return list.toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void pause(Duration duration) {
        if (!duration.isZero()) {
            try {
                closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
