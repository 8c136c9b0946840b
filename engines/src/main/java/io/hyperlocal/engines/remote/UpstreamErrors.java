package io.hyperlocal.engines.remote;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The errors of a remote engine, mapped once. Before the first token the gateway may retry elsewhere:
 * {@code ENGINE_FAILED} (unreachable, 5xx) and {@code ENGINE_OVERLOADED} (429) say so; the client's own
 * mistakes (400, 404 model) keep the upstream's words. After the first token every failure is
 * {@code ENGINE_FAILED}, which the gateway answers by continuing the stream elsewhere.
 */
final class UpstreamErrors {
    private UpstreamErrors() {}

    /** The error for a response with a status other than 200 and body {@code body}. */
    static HyperlocalException status(String engineId, URI url, String model, int status, String body) {
        String upstream = OpenAiJson.errorMessage(body);
        String where = "engine '" + engineId + "' (" + url + ") answered HTTP " + status;
        if (status == 429) {
            return new HyperlocalException(ErrorCode.ENGINE_OVERLOADED, "The upstream server of " + where
                    + ": it is at capacity (" + upstream + "). Retry later or send the request to another engine.");
        }
        if (status == 404) {
            return new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model
                    + "' does not exist or you do not have access to it: " + where + ": " + upstream, "model");
        }
        if (status == 401 || status == 403) {
            return new HyperlocalException(ErrorCode.ENGINE_FAILED, "The upstream server of " + where
                    + " and refused this engine's credentials (" + upstream + "); check the engine's API key.");
        }
        if (status >= 400 && status < 500 && status != 408) {
            // vLLM words a prompt too long for the context as OpenAI does; keep OpenAI's code for it.
            ErrorCode code = upstream.contains("maximum context length") ? ErrorCode.CONTEXT_LENGTH_EXCEEDED
                    : ErrorCode.INVALID_VALUE;
            return new HyperlocalException(code, upstream.isEmpty() ? "The upstream server rejected the request: "
                    + where : upstream, code == ErrorCode.CONTEXT_LENGTH_EXCEEDED ? "messages" : "");
        }
        return new HyperlocalException(ErrorCode.ENGINE_FAILED, "The upstream server of " + where + ": "
                + upstream + ". Retry the request on another engine.");
    }

    /** True when a response with {@code status} says the server cannot serve at all. */
    static boolean isServerFailure(int status) {
        return status >= 500 || status == 401 || status == 403 || status == 408;
    }

    /** The error for a request that got no response: refused, reset, timed out. */
    static HyperlocalException unreachable(String engineId, URI url, Throwable failure, Duration connectTimeout) {
        Throwable cause = unwrap(failure);
        String why = switch (cause) {
            case HttpConnectTimeoutException timeout -> "no connection within " + connectTimeout.toMillis() + " ms";
            case ConnectException refused -> "connection refused (" + refused.getMessage() + ")";
            case HttpTimeoutException timeout -> "no response in time (" + timeout.getMessage() + ")";
            default -> cause.getClass().getSimpleName() + ": " + cause.getMessage();
        };
        return new HyperlocalException(ErrorCode.ENGINE_FAILED, "Engine '" + engineId + "' could not reach " + url
                + ": " + why + ". Retry the request on another engine; the engine turns Down if this persists.",
                "", cause);
    }

    /** The error for a stream that broke after {@code tokens} tokens. */
    static HyperlocalException broken(String engineId, URI url, int tokens, String why) {
        return new HyperlocalException(ErrorCode.ENGINE_FAILED, "The stream of engine '" + engineId + "' (" + url
                + ") broke after " + tokens + " tokens: " + why + ". Continue the generation on another engine.");
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
