package io.hyperlocal.server.gateway;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes one completion answer exactly as OpenAI does, for the gateway and the site agent alike:
 * as server-sent events (a first chat chunk with the role, content chunks, a last chunk with the
 * finish reason, the usage chunk when asked, {@code [DONE]}) or as one JSON body. It keeps the text
 * written so far, which a migrated stream continues from.
 *
 * <p>What one call writes goes out as one write (the stream's headers with the role chunk and the
 * first text; the finish chunk, the usage chunk and {@code [DONE]}): each write is a system call.
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
        Buffer out = openStream();
        Buffer chunk = CompletionJson.chunk(header, false, newText, null, call.includeUsage());
        exchange.response().write(out == null ? chunk : out.appendBuffer(chunk));
    }

    void complete(FinishReason finishReason, TokenUsage usage) {
        HttpServerResponse response = exchange.response();
        if (call.stream()) {
            Buffer out = openStream();
            if (out == null) {
                out = Buffer.buffer(256);
            }
            out.appendBuffer(CompletionJson.chunk(header, false, "", finishReason, call.includeUsage()));
            if (call.includeUsage()) {
                out.appendBuffer(CompletionJson.usageChunk(header, usage));
            }
            response.end(out.appendBuffer(CompletionJson.DONE));
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

    /**
     * Sets the stream's headers, once; returns what opens the body (for a chat, the chunk with the role),
     * for the caller to send with what follows it, or null when the stream is open already.
     */
    private Buffer openStream() {
        if (headersSent) {
            return null;
        }
        headersSent = true;
        exchange.response()
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        Buffer opening = Buffer.buffer(256);
        if (call.kind() == CompletionCall.Kind.CHAT) {
            opening.appendBuffer(CompletionJson.chunk(header, true, "", null, call.includeUsage()));
        }
        return opening;
    }
}
