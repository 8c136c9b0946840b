package io.hyperlocal.server.models;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;

/**
 * A model could not be found, listed or downloaded. The message says which model, what went wrong
 * and what to do next; the code is {@link ErrorCode#MODEL_NOT_FOUND} for an unknown name,
 * {@link ErrorCode#INVALID_VALUE} for an argument that is neither a name nor a usable URL, and
 * {@link ErrorCode#INTERNAL} for input/output and server failures.
 */
public class ModelException extends HyperlocalException {
    private static final long serialVersionUID = 1L;

    public ModelException(ErrorCode code, String message) {
        super(code, message);
    }

    public ModelException(ErrorCode code, String message, Throwable cause) {
        super(code, message, "", cause);
    }
}
