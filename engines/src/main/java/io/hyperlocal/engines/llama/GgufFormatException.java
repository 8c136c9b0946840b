package io.hyperlocal.engines.llama;

/** A file that is not a GGUF file, or a GGUF header this reader cannot parse. */
public final class GgufFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
