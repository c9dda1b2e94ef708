package io.ragchat.openai.rest;

import java.util.List;
import java.util.UUID;

import io.ragchat.history.service.SourceRef;

/**
 * ragchat's extension to an answer, under the key {@code ragchat}: where it is stored and what it drew on.
 * OpenAI clients ignore unknown fields; ragchat-aware ones read it to show sources ({@code [n]} in the
 * answer is the n-th source) and to continue the conversation.
 */
public record Grounding(UUID conversationId, UUID messageId, String provider, String model, List<SourceRef> sources) {
}
