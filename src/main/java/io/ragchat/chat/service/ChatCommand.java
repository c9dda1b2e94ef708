package io.ragchat.chat.service;

import java.util.Map;
import java.util.UUID;

import io.ragchat.security.Caller;

/**
 * A question from a caller (whose tenant's documents answer it and who must own the conversation), with the conversation it continues (null for a new one), how many sources to use, a
 * metadata filter on them, and the model asked for ({@code fast}, {@code large}, or null to let the rules
 * choose). Null means "the default" for every field but the message.
 */
public record ChatCommand(Caller caller, String message, UUID conversationId, Integer topK, Map<String, Object> filter, String model) {
}
