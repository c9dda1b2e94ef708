package io.ragchat.chat.rest;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ragchat.problem.Storable;

/**
 * A question, with its rules as constraints; the bounds that come from configuration are also set in the
 * OpenAPI document by {@link ChatRequestSchema}. An unknown conversation is only known to the service.
 */
public record ChatRequest(
        @Schema(description = "The question", example = "How do I reset my password?")
        @Question @MaxChatMessage @Storable String message,
        @Schema(description = "The conversation this question continues; omit to start one") UUID conversationId,
        @Schema(description = "How many sources to use (default ragchat.retrieval.top-k)", example = "2") @TopK Integer topK,
        @Schema(description = "Only use documents whose metadata contains these attributes") @Storable Map<String, Object> filter,
        @Schema(description = "'fast' (the default) or 'large', when a larger model is configured") String model) {
}
