package io.ragchat.openai.rest;

import io.ragchat.problem.OpenAiError;
import io.ragchat.problem.Problem;

/**
 * A failure as OpenAI reports it: a status, and a body whose {@code type} and {@code code} clients branch on
 * (the OpenAI SDKs turn each status into its own exception class).
 */
class OpenAiException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    OpenAiException(int status, String message, String param, String code) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static OpenAiException invalid(String message, String param) {
        return new OpenAiException(400, message, param, "invalid_request");
    }

    static OpenAiException modelNotFound(String model) {
        return new OpenAiException(404, "The model `" + model + "` does not exist; GET /v1/models lists `"
                + OpenAiResource.MODEL + "`", "model", "model_not_found");
    }

    /** ragchat's own problems keep their status; the code names the kind of failure. */
    static OpenAiException of(Problem problem) {
        return of(problem, null);
    }

    /** A problem about one request field, which OpenAI names in {@code param}. */
    static OpenAiException of(Problem problem, String param) {
        String code = switch (problem.status()) {
            case 400 -> "invalid_request";
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_exceeded";
            case 502 -> "upstream_error";
            case 503 -> "service_unavailable";
            case 504 -> "upstream_timeout";
            default -> problem.status() < 500 ? "invalid_request" : "internal_error";
        };
        return new OpenAiException(problem.status(), problem.detail(), param, code);
    }

    int status() {
        return status;
    }

    OpenAiError error() {
        return new OpenAiError(new OpenAiError.Body(getMessage(), status < 500 ? "invalid_request_error" : "server_error",
                param, code));
    }
}
