package io.ragchat.chat.service;

import java.util.Map;
import java.util.UUID;

/**
 * A question, with the conversation it continues (null for a new one), how many sources to use, a
 * metadata filter on them, and the model asked for ({@code fast}, {@code large}, or null to let the rules
 * choose). Null means "the default" for every field but the message.
 */
public record ChatCommand(String message, UUID conversationId, Integer topK, Map<String, Object> filter, String model) {
}
