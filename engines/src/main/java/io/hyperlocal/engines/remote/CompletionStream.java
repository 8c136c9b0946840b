package io.hyperlocal.engines.remote;

import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a streamed completion, line by line, as it arrives: server-sent events whose data are OpenAI
 * chunks ({@code chat.completion.chunk} or {@code text_completion}), ended by {@code data: [DONE]}.
 * Comments ({@code :} keep-alives), {@code id:} and {@code retry:} fields are skipped; the data lines
 * of one event are joined as the SSE specification says; an event named {@code error} or a chunk with
 * an {@code error} member reports an error. Only choice 0 is read, since requests never ask for more.
 * Not thread-safe: one reader per stream.
 */
final class CompletionStream {

    /** Where the stream's content goes. */
    interface Sink {
        /** New text standing for {@code tokens} generated tokens. */
        void text(String text, int tokens);

        /** The server sent {@code [DONE]}. */
        void done();

        /** The server reported an error inside the stream. */
        void error(String message);
    }

    private final Sink sink;
    private final StringBuilder data = new StringBuilder();
    private String eventName = "";
    private boolean hasData;
    private String finishReason = "";
    private int countedTokens;
    private TokenUsage reportedUsage = TokenUsage.NONE;
    private boolean hasReportedUsage;
    private long events;

    CompletionStream(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink is null");
    }

    /** Reads one line, without its line terminator. */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> eventName = value;
            default -> {
                // id, retry and unknown fields mean nothing to a completion.
            }
        }
    }

    /**
     * Reads a whole (non-streamed) answer: its text goes to the sink in one piece, standing for the
     * completion tokens its usage reports, or, when a server leaves usage out, for an estimate of four
     * characters a token. The sink hears nothing else; the caller ends the generation.
     */
    void whole(String body) {
        events++;
        read(body, true);
    }

    /** The end of the body: an event still pending is read, for servers that omit the last blank line. */
    void end() {
        dispatch();
    }

    /** Data events read so far, keep-alive comments excluded. */
    long events() {
        return events;
    }

    /** Tokens the {@code text} calls stood for together. */
    int countedTokens() {
        return countedTokens;
    }

    /** The finish reason of choice 0, once a chunk carried one. */
    Optional<String> finishReason() {
        return finishReason.isEmpty() ? Optional.empty() : Optional.of(finishReason);
    }

    /** The usage the server reported ({@code stream_options.include_usage}), if it did. */
    Optional<TokenUsage> reportedUsage() {
        return hasReportedUsage ? Optional.of(reportedUsage) : Optional.empty();
    }

    /**
     * OpenAI's finish reason as ours: {@code length} is {@code LENGTH}; {@code abort} and
     * {@code error} (vLLM's and others' words for a sequence the server gave up) are empty, a failure;
     * any other ({@code stop}, {@code eos_token}, {@code tool_calls}, {@code content_filter}) is {@code STOP}.
     */
    static Optional<FinishReason> map(String finishReason) {
        return switch (finishReason) {
            case "length" -> Optional.of(FinishReason.LENGTH);
            case "abort", "error" -> Optional.empty();
            default -> Optional.of(FinishReason.STOP);
        };
    }

    private void dispatch() {
        if (!hasData) {
            eventName = "";
            return;
        }
        String payload = data.toString();
        String name = eventName;
        data.setLength(0);
        hasData = false;
        eventName = "";
        events++;
        if (name.equals("error")) {
            sink.error(OpenAiJson.errorMessage(payload));
        } else if (payload.strip().equals("[DONE]")) {
            sink.done();
        } else {
            read(payload, false);
        }
    }

    /**
     * Reads one chunk, or a whole answer: an error goes to the sink as such, the usage is kept, the text
     * goes to the sink with the tokens it stands for, the finish reason is kept.
     */
    private void read(String payload, boolean whole) {
        Optional<OpenAiJson.Chunk> parsed = OpenAiJson.chunk(payload);
        if (parsed.isEmpty()) {
            sink.error((whole ? "the server's answer is not a JSON completion: "
                    : "the server sent an event that is not a JSON chunk: ")
                    + (payload.length() > 200 ? payload.substring(0, 200) + "..." : payload));
            return;
        }
        OpenAiJson.Chunk chunk = parsed.get();
        if (chunk.error()) {
            sink.error(OpenAiJson.errorMessage(payload));
            return;
        }
        if (chunk.hasUsage()) {
            reportedUsage = new TokenUsage(chunk.promptTokens(), chunk.completionTokens());
            hasReportedUsage = true;
        }
        String text = chunk.text();
        if (text != null && !text.isEmpty()) {
            // The usage says how many tokens the text holds (vLLM's continuous usage stats in a stream,
            // the final usage of a whole answer); without it a chunk is one token, and a whole answer
            // four characters a token.
            int tokens = whole ? Math.max(1, (text.length() + 3) / 4) : 1;
            if (chunk.hasUsage() && reportedUsage.completionTokens() > countedTokens) {
                tokens = reportedUsage.completionTokens() - countedTokens;
            }
            countedTokens += tokens;
            sink.text(text, tokens);
        }
        String reason = chunk.finishReason();
        if (reason != null && !reason.isEmpty()) {
            finishReason = reason;
        }
    }
}
