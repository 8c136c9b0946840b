package io.hyperlocal.core;

/** Why a generation ended, with the value OpenAI puts in {@code finish_reason}. */
public enum FinishReason {
    /** The model produced its end token or a stop sequence. */
    STOP("stop"),
    /** The token limit or the end of the context was reached. */
    LENGTH("length"),
    /** The caller cancelled it, typically because the client went away. Never sent to a client. */
    CANCELLED("cancelled");

    private final String openAiValue;

    FinishReason(String openAiValue) {
        this.openAiValue = openAiValue;
    }

    public String openAiValue() {
        return openAiValue;
    }
}
