package io.hyperlocal.server.gateway;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;

/** The {@code model} field every endpoint requires. */
final class Model {
    private Model() {}

    static String read(Fields fields) {
        if (fields.node("model").isEmpty()) {
            throw new HyperlocalException(ErrorCode.MISSING_PARAMETER,
                    "You must provide a model parameter. GET /v1/models lists the models served.", "model");
        }
        String model = fields.requiredString("model");
        if (model.isBlank()) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE,
                    "You must provide a model parameter. GET /v1/models lists the models served.", "model");
        }
        return model;
    }
}
