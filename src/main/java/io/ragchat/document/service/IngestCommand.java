package io.ragchat.document.service;

import java.util.Map;

import io.ragchat.security.Caller;

/** A document to ingest into the caller's tenant, however it arrived (JSON, Markdown or plain text). */
public record IngestCommand(Caller caller, String title, String source, String contentType, String content,
        Map<String, Object> metadata) {
}
