package io.ragchat.document.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A document sent as JSON. Presence and size are checked by the service, which owns those rules. */
public record DocumentRequest(
        @Schema(description = "Shown with every answer that cites this document", example = "Returns policy") String title,
        @Schema(description = "A stable name (path, URL); new content under a known source replaces that document",
                example = "handbook/returns.md") String source,
        @Schema(description = "Markdown or plain text") String content,
        @Schema(description = "Free-form attributes; a question may filter on them") Map<String, Object> metadata) {
}
