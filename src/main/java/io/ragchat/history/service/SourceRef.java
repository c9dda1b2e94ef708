package io.ragchat.history.service;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A chunk an answer drew on, as clients show it: {@code [n]} in the answer is the n-th source. {@code page} is the
 * page of its file the chunk is on ("page 12"), absent for documents without pages.
 */
public record SourceRef(UUID documentId, String title, long chunkId, double score, String snippet,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer page) {
}
