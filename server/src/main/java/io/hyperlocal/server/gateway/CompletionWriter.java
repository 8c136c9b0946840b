package io.hyperlocal.server.gateway;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one completion answer exactly as OpenAI does, for the gateway and the site agent alike:
 * as server-sent events (a first chat chunk with the role, content chunks, a last chunk with the
 * finish reason, the usage chunk when asked, {@code [DONE]}) or as one JSON body. It keeps the text
 * written so far, which a migrated stream continues from.
 *
 * <p>Called from one engine thread at a time, never concurrently.
 */
final class CompletionWriter {
    private final Exchange exchange;
    private final CompletionCall call;
    private final CompletionJson.Header header;
    private final StringBuilder text = new StringBuilder();
    private boolean headersSent;

    CompletionWriter(Exchange exchange, CompletionCall call) {
        this.exchange = exchange;
        this.call = call;
        String prefix = call.kind() == CompletionCall.Kind.CHAT ? "chatcmpl-" : "cmpl-";
        this.header = new CompletionJson.Header(call.kind(), prefix + exchange.requestId(),
                exchange.startedAtEpochSeconds(), call.model());
    }

    /** Whether the stream has started: from then on, failures can only be told as an error event. */
    boolean started() {
        return headersSent;
    }

    String text() {
        return text.toString();
    }

    /** New text; sent at once when streaming to a client that is still there. */
    void token(String newText, boolean clientThere) {
        text.append(newText);
        if (!call.stream() || !clientThere) {
            return;
        }
        openStream();
        exchange.response().write(CompletionJson.chunk(header, false, newText, null, call.includeUsage()));
    }

    void complete(FinishReason finishReason, TokenUsage usage) {
        HttpServerResponse response = exchange.response();
        if (call.stream()) {
            openStream();
            response.write(CompletionJson.chunk(header, false, "", finishReason, call.includeUsage()));
            if (call.includeUsage()) {
                response.write(CompletionJson.usageChunk(header, usage));
            }
            response.end(CompletionJson.DONE);
        } else {
            response.putHeader("content-type", "application/json");
            response.end(CompletionJson.response(header, text.toString(), finishReason, usage));
        }
    }

    void fail(HyperlocalException error) {
        if (headersSent) {
            // Mid-stream: OpenAI sends an error event and closes without [DONE], so the client knows
            // the answer is cut short.
            exchange.response().end(CompletionJson.event(OpenAiErrors.body(error)));
        } else {
            exchange.fail(error);
        }
    }

    /** Sends the stream's headers and, for a chat, the opening chunk with the role, once. */
    private void openStream() {
        if (headersSent) {
            return;
        }
        headersSent = true;
        exchange.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        if (call.kind() == CompletionCall.Kind.CHAT) {
            exchange.response().write(CompletionJson.chunk(header, true, "", null, call.includeUsage()));
        }
    }
}
