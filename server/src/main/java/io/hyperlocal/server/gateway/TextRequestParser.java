package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.util.Set;

/** Reads and validates a {@code POST /v1/completions} body (OpenAI's legacy text completions). */
final class TextRequestParser {
    private static final Set<String> KNOWN = Set.of("model", "prompt", "suffix", "max_tokens", "temperature", "top_p",
            "n", "stream", "stream_options", "logprobs", "echo", "stop", "presence_penalty", "frequency_penalty",
            "best_of", "logit_bias", "user", "seed");
    /** OpenAI's default for this endpoint, kept so that clients see the same behaviour. */
    static final int DEFAULT_MAX_TOKENS = 16;

    private TextRequestParser() {}

    static CompletionCall parse(JsonNode root) {
        Fields fields = Fields.body(root);
        fields.rejectUnknown(KNOWN);
        String model = Model.read(fields);
        String prompt = prompt(fields.node("prompt").orElse(null));
        SamplingParameters sampling = SamplingFields.read(fields, DEFAULT_MAX_TOKENS);
        boolean stream = fields.bool("stream", false);
        boolean includeUsage = SamplingFields.includeUsage(fields, stream);
        SamplingFields.requireOne(fields, "n");
        SamplingFields.requireOne(fields, "best_of");
        SamplingFields.unsupportedUnlessEmpty(fields, "echo", "is not supported yet.");
        SamplingFields.unsupportedUnlessEmpty(fields, "logit_bias", "is not supported yet.");
        fields.node("logprobs").ifPresent(value -> {
            throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                    "Unsupported parameter: 'logprobs' is not supported yet.", "logprobs");
        });
        fields.string("suffix").ifPresent(suffix -> {
            if (!suffix.isEmpty()) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Unsupported parameter: 'suffix' (fill in the middle) is not supported yet.", "suffix");
            }
        });
        return new CompletionCall(CompletionCall.Kind.TEXT, model, new Prompt.Text(prompt), sampling, stream,
                includeUsage, fields.string("user").orElse(""));
    }

    /** A string, or an array holding one string. Token arrays would need the client to know our tokenizer. */
    private static String prompt(JsonNode value) {
        if (value == null) {
            // OpenAI treats a missing prompt as the end-of-text token: an unconditional sample.
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isArray()) {
            if (value.size() == 1 && value.get(0).isTextual()) {
                return value.get(0).textValue();
            }
            if (value.isEmpty()) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                        "Invalid 'prompt': empty array. Expected a string or an array with one string.", "prompt");
            }
            if (value.get(0).isNumber() || value.get(0).isArray()) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Token arrays as 'prompt' are not supported: send the text instead.", "prompt");
            }
            throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                    "Several prompts in one request are not supported: send one request per prompt.", "prompt");
        }
        throw Fields.wrongType("prompt", "a string or an array of strings", value);
    }
}
