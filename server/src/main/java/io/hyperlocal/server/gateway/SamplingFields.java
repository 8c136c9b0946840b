package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The sampling fields both completion endpoints share, read and range-checked. */
final class SamplingFields {
    private SamplingFields() {}

    static SamplingParameters read(Fields fields, int defaultMaxTokens) {
        int maxTokens = defaultMaxTokens;
        // max_completion_tokens replaces max_tokens in OpenAI's current API; accept both, prefer the new one.
        var legacy = fields.integer("max_tokens", 1, Integer.MAX_VALUE);
        var current = fields.integer("max_completion_tokens", 1, Integer.MAX_VALUE);
        if (current.isPresent()) {
            maxTokens = current.get().intValue();
        } else if (legacy.isPresent()) {
            maxTokens = legacy.get().intValue();
        }
        double temperature = fields.number("temperature", 1.0, 0, 2);
        double topP = fields.number("top_p", 1.0, 0, 1);
        double presence = fields.number("presence_penalty", 0, -2, 2);
        double frequency = fields.number("frequency_penalty", 0, -2, 2);
        OptionalLong seed = fields.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        return new SamplingParameters(maxTokens, temperature, topP, stop(fields), seed, presence, frequency);
    }

    /** {@code n}, {@code best_of}: this gateway generates one choice per request. */
    static void requireOne(Fields fields, String name) {
        fields.integer(name, 1, 128).ifPresent(n -> {
            if (n != 1) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Unsupported value: '" + name + "' must be 1 on this platform, got " + n
                                + ". Send several requests to get several choices.", name);
            }
        });
    }

    /** {@code stream} and {@code stream_options}; returns whether usage is asked for. */
    static boolean includeUsage(Fields fields, boolean stream) {
        var options = fields.node("stream_options");
        if (options.isEmpty()) {
            return false;
        }
        if (!stream) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
        }
        Fields streamOptions = Fields.object(options.get(), "stream_options");
        streamOptions.rejectUnknown(java.util.Set.of("include_usage", "include_obfuscation"));
        streamOptions.bool("include_obfuscation", false);
        return streamOptions.bool("include_usage", false);
    }

    static void unsupportedUnlessEmpty(Fields fields, String name, String why) {
        fields.node(name).ifPresent(value -> {
            boolean empty = (value.isContainerNode() && value.isEmpty()) || (value.isBoolean() && !value.booleanValue());
            if (!empty) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Unsupported parameter: '" + name + "' " + why, name);
            }
        });
    }

    private static List<String> stop(Fields fields) {
        var node = fields.node("stop");
        if (node.isEmpty()) {
            return List.of();
        }
        JsonNode value = node.get();
        List<String> stops = new ArrayList<>();
        if (value.isTextual()) {
            stops.add(value.textValue());
        } else if (value.isArray()) {
            if (value.size() > SamplingParameters.MAX_STOP_SEQUENCES) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                        "Invalid 'stop': array too long. Expected an array with maximum length "
                                + SamplingParameters.MAX_STOP_SEQUENCES + ", but got an array with length "
                                + value.size() + " instead.", "stop");
            }
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    throw Fields.wrongType("stop[" + i + "]", "a string", value.get(i));
                }
                stops.add(value.get(i).textValue());
            }
        } else {
            throw Fields.wrongType("stop", "a string or an array of strings", value);
        }
        for (int i = 0; i < stops.size(); i++) {
            String param = value.isArray() ? "stop[" + i + "]" : "stop";
            if (stops.get(i).isEmpty()) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                        "Invalid 'stop': stop sequences must not be empty.", param);
            }
            if (stops.get(i).length() > SamplingParameters.MAX_STOP_SEQUENCE_LENGTH) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid '" + param + "': string too long. "
                        + "Expected a string with maximum length " + SamplingParameters.MAX_STOP_SEQUENCE_LENGTH
                        + ", but got a string with length " + stops.get(i).length() + " instead.", param);
            }
        }
        return stops;
    }
}
