package io.ragchat.document.service;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A stored document as callers see it (its chunks counted, not listed). */
public record DocumentRecord(
        UUID id,
        String title,
        String source,
        String contentType,
        String contentHash,
        Map<String, Object> metadata,
        int chunks,
        String embeddingModel,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
