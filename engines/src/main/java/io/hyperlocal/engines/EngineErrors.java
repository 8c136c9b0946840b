package io.hyperlocal.engines;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;

/** The errors every engine raises the same way, worded as OpenAI words them where it has a wording. */
public final class EngineErrors {
    private EngineErrors() {}

    public static HyperlocalException modelNotFound(String engineId, String model) {
        return new HyperlocalException(ErrorCode.MODEL_NOT_FOUND, "The model '" + model
                + "' does not exist or you do not have access to it (engine '" + engineId + "' does not serve it).",
                "model");
    }

    public static HyperlocalException closed(String engineId) {
        return new HyperlocalException(ErrorCode.ENGINE_FAILED, "Engine '" + engineId
                + "' is closed and takes no more requests; route the request to another engine.");
    }
}
