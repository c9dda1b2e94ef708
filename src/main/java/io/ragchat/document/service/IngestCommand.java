package io.ragchat.document.service;

import java.util.List;
import java.util.Map;

import io.ragchat.security.Caller;

/**
 * A document to ingest into the caller's tenant, however it arrived (JSON, Markdown, text, or a file's extracted
 * text). {@code pageStarts} are where each page starts in {@code content} (page n at index n - 1), empty when the
 * document has no pages.
 */
public record IngestCommand(Caller caller, String title, String source, String contentType, String content,
        Map<String, Object> metadata, List<Integer> pageStarts) {

    public IngestCommand {
        pageStarts = pageStarts == null ? List.of() : List.copyOf(pageStarts);
    }

    /** A document without pages. */
    public IngestCommand(Caller caller, String title, String source, String contentType, String content,
            Map<String, Object> metadata) {
        this(caller, title, source, contentType, content, metadata, List.of());
    }
}
