package io.ragchat.document.service;

import java.util.UUID;

/** What ingesting a document did: {@code created}, {@code replaced} (same source, new content) or {@code unchanged}. */
public record IngestResult(UUID id, String title, String source, int chunks, String contentHash, Status status) {

    public enum Status {
        created,
        replaced,
        unchanged
    }
}
