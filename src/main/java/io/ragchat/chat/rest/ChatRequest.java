package io.ragchat.chat.rest;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A question. Its rules (length, topK range, known conversation) are the service's, checked there. */
public record ChatRequest(
        @Schema(description = "The question", example = "How do I reset my password?") String message,
        @Schema(description = "The conversation this question continues; omit to start one") UUID conversationId,
        @Schema(description = "How many sources to use (default ragchat.retrieval.top-k)", example = "2") Integer topK,
        @Schema(description = "Only use documents whose metadata contains these attributes") Map<String, Object> filter,
        @Schema(description = "'fast' (the default) or 'large', when a larger model is configured") String model) {
}
