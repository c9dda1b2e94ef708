package io.ragchat.chat.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ragchat.history.service.SourceRef;

/** A whole answer, for clients that do not stream. */
public record ChatAnswer(
        UUID conversationId,
        UUID messageId,
        String provider,
        String model,
        String answer,
        List<SourceRef> sources,
        Map<String, Long> timings,
        Map<String, Integer> usage) {
}
