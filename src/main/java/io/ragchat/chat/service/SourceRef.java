package io.ragchat.chat.service;

import java.util.UUID;

/** A chunk an answer drew on, as clients show it: {@code [n]} in the answer is the n-th source. */
public record SourceRef(UUID documentId, String title, long chunkId, double score, String snippet) {
}
