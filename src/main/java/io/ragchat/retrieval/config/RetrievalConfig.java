package io.ragchat.retrieval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.retrieval")
public interface RetrievalConfig {

    /** Chunks put into the prompt when a request names none; two keeps the prompt short, as the guide advises. */
    @WithDefault("2")
    int topK();

    /** The largest topK a request may ask for. */
    @WithDefault("10")
    int maxTopK();

    /**
     * Chunks less similar than this (cosine similarity, -1..1) are never vector candidates. It judges the
     * vector side only: a chunk the keyword side finds is kept whatever its similarity.
     */
    @WithDefault("0.2")
    double minScore();

    /**
     * HNSW candidate list size ({@code hnsw.ef_search}): higher finds more of the true neighbours, slower. Every
     * pooled connection starts with it (application.properties passes it in the connection's start-up message).
     */
    @WithDefault("100")
    int efSearch();

    /**
     * How chunks are found: by meaning (vector), by words (keyword, PostgreSQL full-text search), or both
     * fused by reciprocal rank (hybrid), which finds error codes, keys and names an embedding blurs.
     */
    @WithDefault("hybrid")
    Mode mode();

    /** Candidates each side (vector, keyword) contributes before fusion and the per-document cap. */
    @WithDefault("40")
    int candidates();

    /** Reciprocal rank fusion constant k in weight/(k + rank): larger flattens the lead of the first ranks. */
    @WithDefault("60")
    int rrfK();

    /** Weight of the vector side's ranks in the fused score. */
    @WithDefault("1.0")
    double vectorWeight();

    /** Weight of the keyword side's ranks in the fused score. */
    @WithDefault("1.0")
    double keywordWeight();

    /**
     * The keyword side leaves out words found in more than this share of the chunks (PostgreSQL's statistics
     * of the full-text column): they match much and say little about which chunk answers. 1 keeps every word.
     */
    @WithDefault("0.2")
    double commonWordShare();

    /** Most chunks one document may give an answer, so the sources are diverse; 0 for no cap. */
    @WithDefault("1")
    int maxChunksPerDocument();

    /** How chunks are found for a question. */
    enum Mode {
        /** Nearest chunks by cosine distance over the HNSW index. */
        vector,
        /** Chunks matching the question's words, by PostgreSQL full-text search over the GIN index. */
        keyword,
        /** Both, fused by reciprocal rank in one statement. */
        hybrid
    }
}
