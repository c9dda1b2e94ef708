package io.ragchat.retrieval.service;

import java.util.List;

import io.ragchat.rerank.service.Reranked;

/**
 * A question's sources, best first, and what reranking them came to: {@code off} (and no time) when no
 * reranker is configured, else its outcome and how long it took, a stage of the answer's timings.
 */
public record Retrieval(List<RetrievedChunk> sources, Reranked.Outcome rerank, long rerankNanos) {

    /** Whether a reranker was asked (whether it scored or the fused order was kept). */
    public boolean reranked() {
        return rerank != Reranked.Outcome.off;
    }
}
