package io.ragchat.retrieval.service;

import java.util.UUID;

/** A chunk the search statement returned, with where it sits in its document (its page: null without pages). */
record Candidate(long chunkId, UUID documentId, String title, String heading, int ordinal, String content, double score,
        Integer page) {

    /** Same document, same section, next to each other. */
    boolean neighbours(Candidate other) {
        return documentId.equals(other.documentId) && heading.equals(other.heading)
                && Math.abs(ordinal - other.ordinal) == 1;
    }
}
