package io.hyperlocal.server.admin;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A field of the wrong type in an admin body (such as {@code "birthYear": "abc"}) gets the same
 * OpenAI error body as every other refusal, naming the field. The framework has its own mapper for
 * this exception, with another body; ours names the exact type, so it takes precedence. A field the
 * body does not have ({@code quarkus.jackson.fail-on-unknown-properties}) is {@code unknown_parameter}.
 */
@Provider
public class BodyErrorMapper implements ExceptionMapper<MismatchedInputException> {
    private static final ErrorMapper ERRORS = new ErrorMapper();

    @Override
    public Response toResponse(MismatchedInputException error) {
        String field = error.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (error instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return ERRORS.toResponse(new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER, "Unknown field '" + field
                    + "' in the request body" + (known.isEmpty() ? "." : "; the fields here are: " + known + "."), field));
        }
        String expected = expected(error.getTargetType());
        if (field.isEmpty()) {
            return ERRORS.toResponse(new HyperlocalException(ErrorCode.INVALID_TYPE,
                    "Invalid type for the request body: expected " + expected + "."));
        }
        return ERRORS.toResponse(new HyperlocalException(ErrorCode.INVALID_TYPE,
                "Invalid type for '" + field + "': expected " + expected + ".", field));
    }

    /** In JSON's words, never a Java class name: a caller knows the body, not our records. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return switch (type.getSimpleName()) {
            case "Integer", "int", "Long", "long" -> "an integer";
            case "Double", "double", "Float", "float" -> "a number";
            case "Boolean", "boolean" -> "a boolean";
            case "String" -> "a string";
            default -> "a JSON object";
        };
    }
}
