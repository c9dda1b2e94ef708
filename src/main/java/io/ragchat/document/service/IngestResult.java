package io.ragchat.document.service;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What ingesting a document did: {@code created}, {@code replaced} (same source, new content) or {@code unchanged}.
 * {@code pages} is the file's page count when it has pages (a PDF) and was stored now; absent otherwise.
 */
public record IngestResult(UUID id, String title, String source, int chunks, String contentHash, Status status,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer pages) {

    public enum Status {
        created,
        replaced,
        unchanged
    }
}
