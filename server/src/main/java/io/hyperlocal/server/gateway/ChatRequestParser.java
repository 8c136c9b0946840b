package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and validates a {@code POST /v1/chat/completions} body. */
final class ChatRequestParser {
    /** Every field OpenAI's chat completions accept; the ones we cannot honour are refused below. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "stream", "stream_options", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "seed", "stop", "user", "n", "presence_penalty",
            "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "response_format", "tools", "tool_choice",
            "parallel_tool_calls", "functions", "function_call", "metadata", "store", "service_tier", "modalities",
            "reasoning_effort", "prediction", "audio", "web_search_options", "prompt_cache_key",
            "safety_identifier", "verbosity", "continue_final_message", "add_generation_prompt");
    private static final Set<String> MESSAGE_FIELDS =
            Set.of("role", "content", "name", "tool_calls", "tool_call_id", "refusal", "function_call", "audio");
    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");

    private ChatRequestParser() {}

    static CompletionCall parse(JsonNode root) {
        return parse(root, false);
    }

    /**
     * @param continuation whether {@code continue_final_message: true} is accepted (by a site agent,
     *     which continues a trailing assistant message, as vLLM does); the gateway refuses it
     */
    static CompletionCall parse(JsonNode root, boolean continuation) {
        Fields fields = Fields.body(root);
        fields.rejectUnknown(KNOWN);
        String model = Model.read(fields);
        List<ChatMessage> messages = messages(fields.required("messages"));
        SamplingParameters sampling = SamplingFields.read(fields, SamplingParameters.UNLIMITED);
        boolean stream = fields.bool("stream", false);
        boolean includeUsage = SamplingFields.includeUsage(fields, stream);
        SamplingFields.requireOne(fields, "n");
        SamplingFields.unsupportedUnlessEmpty(fields, "logprobs", "is not supported yet: log probabilities are not returned.");
        SamplingFields.unsupportedUnlessEmpty(fields, "top_logprobs", "is not supported yet: log probabilities are not returned.");
        SamplingFields.unsupportedUnlessEmpty(fields, "tools", "is not supported yet by Hyperlocal's engines.");
        SamplingFields.unsupportedUnlessEmpty(fields, "functions", "is not supported yet by Hyperlocal's engines.");
        SamplingFields.unsupportedUnlessEmpty(fields, "logit_bias", "is not supported yet.");
        SamplingFields.unsupportedUnlessEmpty(fields, "prediction", "is not supported.");
        SamplingFields.unsupportedUnlessEmpty(fields, "audio", "is not supported: these models produce text only.");
        SamplingFields.unsupportedUnlessEmpty(fields, "web_search_options", "is not supported.");
        responseFormat(fields);
        toolChoice(fields, "tool_choice", "tools");
        toolChoice(fields, "function_call", "functions");
        modalities(fields);
        metadata(fields);
        fields.string("user");
        fields.bool("store", false);
        fields.bool("parallel_tool_calls", true);
        fields.bool("add_generation_prompt", true);
        if (fields.bool("continue_final_message", false)) {
            if (!continuation) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER, "Unsupported parameter: "
                        + "'continue_final_message' is accepted by site agents only.", "continue_final_message");
            }
            if (!messages.get(messages.size() - 1).role().equals("assistant")) {
                throw new HyperlocalException(ErrorCode.INVALID_VALUE, "'continue_final_message' needs an assistant "
                        + "message last, whose content the answer continues.", "messages");
            }
        }
        return new CompletionCall(CompletionCall.Kind.CHAT, model, new Prompt.Chat(messages), sampling, stream,
                includeUsage, fields.string("user").orElse(""));
    }

    private static void responseFormat(Fields fields) {
        fields.node("response_format").ifPresent(value -> {
            Fields format = Fields.object(value, "response_format");
            String type = format.requiredString("type");
            if (!type.equals("text")) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Unsupported value: 'response_format.type' '" + type
                                + "' is not supported yet; only 'text' is.", "response_format.type");
            }
        });
    }

    /**
     * {@code tool_choice} (and the older {@code function_call}): {@code none} and {@code auto} are
     * what the answer does anyway without tools, so they are accepted; {@code required} or a named
     * function asks for a tool call these engines never make, and the caller must hear so rather than
     * get plain text back as if the choice had been honoured.
     */
    private static void toolChoice(Fields fields, String name, String toolsField) {
        fields.node(name).ifPresent(value -> {
            if (value.isTextual()) {
                String choice = value.textValue();
                if (choice.equals("none") || choice.equals("auto")) {
                    return;
                }
                if (!choice.equals("required")) {
                    throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid value for '" + name + "': '"
                            + choice + "'. Supported values are: 'none', 'auto' and 'required'.", name);
                }
            } else if (!value.isObject()) {
                throw Fields.wrongType(name, "a string or an object", value);
            }
            throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER, "Unsupported value: '" + name + "' "
                    + (value.isTextual() ? "'" + value.textValue() + "'" : value.toString())
                    + " asks for a tool call, and '" + toolsField + "' is not supported yet by Hyperlocal's engines;"
                    + " only 'none' and 'auto' are accepted.", name);
        });
    }

    /** {@code modalities}: these models answer in text, so anything but {@code ["text"]} is refused, not ignored. */
    private static void modalities(Fields fields) {
        fields.node("modalities").ifPresent(value -> {
            if (!value.isArray()) {
                throw Fields.wrongType("modalities", "an array of strings", value);
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode modality = value.get(i);
                if (!modality.isTextual()) {
                    throw Fields.wrongType("modalities[" + i + "]", "a string", modality);
                }
                if (!modality.textValue().equals("text")) {
                    throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER, "Unsupported value: 'modalities["
                            + i + "]' '" + modality.textValue() + "' is not supported: these models produce text only.",
                            "modalities[" + i + "]");
                }
            }
        });
    }

    /** {@code metadata}: not used here, but typed as OpenAI types it (string keys to string values). */
    private static void metadata(Fields fields) {
        fields.node("metadata").ifPresent(value -> {
            Fields.object(value, "metadata");
            value.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw Fields.wrongType("metadata." + entry.getKey(), "a string", entry.getValue());
                }
            });
        });
    }

    private static List<ChatMessage> messages(JsonNode value) {
        if (!value.isArray()) {
            throw Fields.wrongType("messages", "an array", value);
        }
        if (value.isEmpty()) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                    "messages");
        }
        List<ChatMessage> messages = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            messages.add(message(value.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static ChatMessage message(JsonNode value, String path) {
        Fields message = Fields.object(value, path);
        message.rejectUnknown(MESSAGE_FIELDS);
        String role = message.requiredString("role");
        if (!ROLES.contains(role)) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid value: '" + role + "'. Supported values are: "
                    + "'system', 'developer', 'user', 'assistant' and 'tool'.", path + ".role");
        }
        SamplingFields.unsupportedUnlessEmpty(message, "tool_calls", "is not supported yet by Hyperlocal's engines.");
        SamplingFields.unsupportedUnlessEmpty(message, "function_call", "is not supported yet by Hyperlocal's engines.");
        message.string("name");
        var content = message.node("content");
        if (content.isEmpty()) {
            if (role.equals("assistant")) {
                return new ChatMessage(role, "");
            }
            throw new HyperlocalException(ErrorCode.MISSING_PARAMETER,
                    "Missing required parameter: '" + path + ".content'.", path + ".content");
        }
        return new ChatMessage(role, content(content.get(), path + ".content"));
    }

    /** A string, or an array of content parts of which only text parts are supported. */
    private static String content(JsonNode value, String path) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (!value.isArray()) {
            throw Fields.wrongType(path, "a string or an array of content parts", value);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.size(); i++) {
            String partPath = path + "[" + i + "]";
            Fields part = Fields.object(value.get(i), partPath);
            String type = part.requiredString("type");
            if (!type.equals("text")) {
                throw new HyperlocalException(ErrorCode.UNSUPPORTED_PARAMETER,
                        "Content parts of type '" + type + "' are not supported: the served models read text only.",
                        partPath + ".type");
            }
            part.rejectUnknown(Set.of("type", "text"));
            text.append(part.requiredString("text"));
        }
        return text.toString();
    }
}
