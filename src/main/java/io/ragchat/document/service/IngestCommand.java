package io.ragchat.document.service;

import java.util.Map;

/** A document to ingest, however it arrived (JSON, Markdown or plain text). */
public record IngestCommand(String title, String source, String contentType, String content, Map<String, Object> metadata) {
}
