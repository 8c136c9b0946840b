package io.hyperlocal.server.models;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 that serves one file the way Hugging Face does: {@code /models/<name>}
 * answers directly or, in {@link #redirectToCdn()} mode, with a 302 carrying the {@code X-Linked-*}
 * headers to {@code /cdn/<name>}, which serves the bytes with only an ordinary {@code ETag}. It honours
 * {@code Range: bytes=N-}, can misbehave on demand, and records every request.
 */
final class TestingModelServer implements AutoCloseable {
    record Request(String method, String path, String range) {}

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final byte[] content;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger gets = new AtomicInteger();
    private volatile String linkedEtag = "";
    private volatile boolean redirect;
    private volatile boolean ignoreRanges;
    private volatile boolean headAllowed = true;
    private volatile int status = 200;
    private volatile int dropFirstGetAfter = -1;
    private volatile int stallFirstGetAfter = -1;
    private volatile Duration stall = Duration.ZERO;

    TestingModelServer(byte[] content) throws IOException {
        this.content = content.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/models/", exchange -> handle(exchange, true));
        server.createContext("/cdn/", exchange -> handle(exchange, false));
        server.start();
    }

    URI url(String fileName) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + fileName);
    }

    TestingModelServer linkedEtag(String value) {
        linkedEtag = value;
        return this;
    }

    TestingModelServer redirectToCdn() {
        redirect = true;
        return this;
    }

    TestingModelServer ignoreRanges() {
        ignoreRanges = true;
        return this;
    }

    TestingModelServer rejectHead() {
        headAllowed = false;
        return this;
    }

    TestingModelServer status(int code) {
        status = code;
        return this;
    }

    /** The first GET announces the full length, sends {@code bytes} and closes the connection. */
    TestingModelServer dropFirstGetAfter(int bytes) {
        dropFirstGetAfter = bytes;
        return this;
    }

    /** The first GET sends {@code bytes}, then goes silent for {@code pause}. */
    TestingModelServer stallFirstGetAfter(int bytes, Duration pause) {
        stallFirstGetAfter = bytes;
        stall = pause;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> gets() {
        return requests.stream().filter(request -> request.method().equals("GET")).toList();
    }

    private void handle(HttpExchange exchange, boolean entry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(method, exchange.getRequestURI().getPath(), range == null ? "" : range));
            Headers headers = exchange.getResponseHeaders();
            if (method.equals("HEAD") && !headAllowed) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            if (entry && !linkedEtag.isEmpty()) {
                headers.set("X-Linked-Etag", linkedEtag);
                headers.set("X-Linked-Size", Integer.toString(content.length));
            }
            if (entry && redirect) {
                String name = exchange.getRequestURI().getPath().substring("/models/".length());
                headers.set("Location", "/cdn/" + name); // relative, as Hugging Face sends it
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            headers.set("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\""); // an MD5-style ETag, not a sha256
            headers.set("Accept-Ranges", "bytes");
            if (method.equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(content.length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            serve(exchange, range == null ? "" : range, gets.incrementAndGet() == 1);
        }
    }

    private void serve(HttpExchange exchange, String range, boolean firstGet) throws IOException {
        int start = 0;
        Matcher matcher = RANGE.matcher(range);
        if (!ignoreRanges && matcher.matches()) {
            start = Integer.parseInt(matcher.group(1));
            if (start >= content.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, content.length - start);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        OutputStream body = exchange.getResponseBody();
        int cut = firstGet ? Math.max(dropFirstGetAfter, stallFirstGetAfter) : -1;
        if (cut < 0) {
            body.write(content, start, content.length - start);
            return;
        }
        body.write(content, start, Math.min(cut, content.length - start));
        body.flush();
        if (stallFirstGetAfter >= 0) {
            sleep(stall);
        }
        // Closing short of the announced length makes the server drop the connection.
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
