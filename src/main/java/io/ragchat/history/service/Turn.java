package io.ragchat.history.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ragchat.security.Caller;

/**
 * One question and its answer, as they are written to the history after the answer was sent; the caller
 * owns the conversation. A turn that is no follow-up opens its conversation: writing it creates the
 * conversation.
 */
public record Turn(
        Caller caller,
        UUID conversationId,
        boolean followUp,
        UUID questionId,
        String question,
        OffsetDateTime askedAt,
        UUID answerId,
        String answer,
        Status status,
        String provider,
        String model,
        List<SourceRef> sources,
        Map<String, Long> timings,
        Map<String, Integer> usage,
        String error,
        OffsetDateTime answeredAt) {

    public enum Status {
        complete,
        cancelled,
        failed
    }
}
