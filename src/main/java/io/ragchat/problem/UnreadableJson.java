package io.ragchat.problem;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What is wrong with a request body that is not the JSON an endpoint reads, in the caller's terms: the
 * field at fault and the kind of value it takes. Jackson's own messages name Java types and methods
 * ({@code java.util.UUID}, {@code StreamReadConstraints.getMaxNumberLength()}), which a caller has no use
 * for and which tell more about the service than it should.
 */
public final class UnreadableJson {

    private UnreadableJson() {
    }

    public static String describe(JsonProcessingException e) {
        return switch (e) {
            case StreamConstraintsException limit -> "it exceeds a limit on nesting depth or on the length of a number, "
                    + "string or name";
            // Syntax errors (and malformed UTF-8) are described by the parser without naming any type.
            case JsonParseException syntax -> "it is not valid JSON: " + syntax.getOriginalMessage();
            case JsonMappingException mapping when !mapping.getPath().isEmpty() ->
                field(mapping) + ": " + expected(mapping);
            default -> "it must be a JSON object with the fields this endpoint reads";
        };
    }

    /** {@code messages[0].role}, from Jackson's path of field names and array indexes. */
    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String expected(JsonMappingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch
                ? mismatch.getTargetType()
                : null;
        return type == null ? "this value is not accepted" : mustBe(type);
    }

    /** The kind of value a field or parameter of this type takes, in the caller's terms. */
    static String mustBe(Class<?> type) {
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "this value is not accepted";
    }
}
