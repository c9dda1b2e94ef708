package io.ragchat.problem;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error ragchat answers with (and of the SSE {@code error}
 * event).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }

    /**
     * A request that broke its constraints, each violation one {@code field: reason} of the detail. 413 when
     * every one is of a size limit ({@link ContentTooLarge}): the request is well-formed, only too large.
     */
    public static Problem invalid(Collection<? extends ConstraintViolation<?>> constraintViolations) {
        List<Violation> violations = constraintViolations.stream()
                .map(v -> new Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .toList();
        String detail = violations.isEmpty() ? "The request is not valid."
                : violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        boolean tooLarge = !constraintViolations.isEmpty() && constraintViolations.stream()
                .allMatch(v -> v.getConstraintDescriptor().getAnnotation().annotationType().isAnnotationPresent(ContentTooLarge.class));
        return tooLarge
                ? new Problem("about:blank", "Content Too Large", 413, detail, null, violations)
                : new Problem("about:blank", "Bad Request", 400, detail, null, violations);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, violations);
    }

    /** One invalid field of a request. */
    public record Violation(String field, String message) {
    }

    /** The JSON field a violation is about: the last node of its path ({@code ask.request.message} → {@code message}). */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
