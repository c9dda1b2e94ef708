package io.ragchat.chat.service;

import java.util.Map;
import java.util.UUID;

/** A question, with the conversation it continues (null for a new one) and how many sources to use. */
public record ChatCommand(String message, UUID conversationId, Integer topK, Map<String, Object> filter) {
}
