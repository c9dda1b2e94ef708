package io.ragchat.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * OpenAI's error body: the response of a failed request, and the event that ends a stream that failed. It lives
 * beside {@link Problem} because authentication, below the OpenAI API, refuses {@code /v1} requests with it too.
 */
public record OpenAiError(Body error) {

    /**
     * {@code type} is {@code invalid_request_error} (4xx) or {@code server_error} (5xx); {@code param} names
     * the request field at fault, when there is one.
     */
    @Schema(name = "OpenAiErrorBody")
    public record Body(String message, String type, String param, String code) {
    }
}
