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

    /** Chunks less similar than this (cosine similarity, -1..1) are never used as sources. */
    @WithDefault("0.2")
    double minScore();

    /** HNSW candidate list size ({@code hnsw.ef_search}): higher finds more of the true neighbours, slower. */
    @WithDefault("100")
    int efSearch();
}
