package io.hyperlocal.engines.remote;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDK's non-blocking {@link HttpClient} with HTTP/1.1 keep-alive: each stream has a connection of
 * its own, reused by later requests; aborting cancels both the response future and the body
 * subscription, and the client then closes that connection instead of pooling it.
 */
public final class JdkStreamTransport implements StreamTransport {
    private final HttpClient client;

    public JdkStreamTransport(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Run the client's completions and body callbacks on its own selector thread: the
                // default executor is an unbounded pool that hands every chunk to another thread (a
                // third of the gateway's CPU under load in JFR, hundreds of threads under overload).
                // Nothing called from here blocks: listeners write to Vert.x and append to the journal.
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Call post(URI url, Map<String, String> headers, byte[] body, Response response) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        JdkCall call = new JdkCall(response);
        try {
            call.exchange = client.sendAsync(builder.build(), call::subscriber);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the HTTP client is closed", e);
        }
        call.exchange.whenComplete(call::exchanged);
        return call;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    private static final class JdkCall implements Call, Flow.Subscriber<String> {
        private final Response response;
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private volatile CompletableFuture<HttpResponse<String>> exchange = CompletableFuture.completedFuture(null);
        private volatile boolean aborted;

        JdkCall(Response response) {
            this.response = response;
        }

        HttpResponse.BodySubscriber<String> subscriber(HttpResponse.ResponseInfo info) {
            response.status(info.statusCode());
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(this, lines -> "", StandardCharsets.UTF_8, null);
        }

        void exchanged(HttpResponse<String> answer, Throwable failure) {
            if (failure != null) {
                response.failed(failure);
            } else {
                response.complete(answer.statusCode(), answer.statusCode() == 200 ? "" : answer.body());
            }
        }

        @Override
        public void abort() {
            aborted = true;
            Flow.Subscription lines = subscription.get();
            if (lines != null) {
                lines.cancel();
            }
            exchange.cancel(true);
        }

        @Override
        public void onSubscribe(Flow.Subscription lines) {
            subscription.set(lines);
            if (aborted) {
                lines.cancel();
            } else {
                lines.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            response.line(line);
        }

        @Override
        public void onError(Throwable failure) {
            // The response future fails too; exchanged() reports it.
        }

        @Override
        public void onComplete() {
            // The response future completes too; exchanged() reports it.
        }
    }
}
