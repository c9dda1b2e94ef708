package io.ragchat.retrieval.service;

import java.util.UUID;

/**
 * A source found for a question: one chunk, or neighbouring chunks of one section joined in order (then
 * {@code chunkId} is the best-scoring one's).
 *
 * <p>
 * The score depends on {@code ragchat.retrieval.mode}. In {@code vector} mode it is the cosine similarity
 * to the question (1 is identical). In {@code hybrid} and {@code keyword} modes it is the reciprocal rank
 * fusion score, sum of weight/(k + rank) over the sides that found the chunk, divided by the score of a
 * chunk ranked first by every side: 1 means first everywhere, and the scores of one answer compare, but
 * they are ranks, not similarities, and do not compare across questions.
 *
 * <p>
 * {@code page} is the page of a PDF the source starts on, null for documents without pages.
 */
public record RetrievedChunk(long chunkId, UUID documentId, String title, String heading, String content, double score,
        Integer page) {
}
