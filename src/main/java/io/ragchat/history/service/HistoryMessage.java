package io.ragchat.history.service;

/** An earlier message of a conversation, as the prompt includes it. */
public record HistoryMessage(String role, String content) {
}
