package io.hyperlocal.server.gateway;

import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.util.Objects;

/**
 * A validated {@code /v1/chat/completions} or {@code /v1/completions} request.
 *
 * @param kind which endpoint, which decides the response shape
 * @param model model id
 * @param prompt chat messages or text
 * @param sampling sampling parameters
 * @param stream answer as server-sent events
 * @param includeUsage with {@code stream}: send a last chunk with the usage
 * @param user the caller's end-user id, for logs
 */
record CompletionCall(
        Kind kind, String model, Prompt prompt, SamplingParameters sampling, boolean stream, boolean includeUsage,
        String user) {

    enum Kind {
        CHAT,
        TEXT
    }

    CompletionCall {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(prompt, "prompt is null");
        Objects.requireNonNull(sampling, "sampling is null");
        Objects.requireNonNull(user, "user is null");
    }
}
