package io.ragchat.retrieval.service;

import java.util.UUID;

/** A chunk found for a question, with its cosine similarity to it (1 is identical) and its page (null when none). */
public record RetrievedChunk(long chunkId, UUID documentId, String title, String heading, String content, double score,
        Integer page) {
}
