package io.ragchat.rerank.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether a reranker reorders retrieval's fused candidates before the final top-k is taken, and how ragchat
 * reaches it. A reranker (a cross-encoder) reads the question and each passage together, so it judges
 * relevance better than the vectors did, at the cost of one more call per question.
 */
@ConfigMapping(prefix = "ragchat.rerank")
public interface RerankConfig {

    /** The reranker; {@code none} keeps retrieval's own order. */
    @WithDefault("none")
    Provider provider();

    /** Fused candidates scored by the reranker, of which the final top-k is taken; more finds more, slower. */
    @WithDefault("30")
    int candidates();

    /** A reranking server over HTTP ({@code provider=http}). */
    Http http();

    interface Http {
        /** The server's base URL, required with {@code provider=http} (its API's path is appended). */
        Optional<URI> baseUrl();

        /** The server's API: Hugging Face text-embeddings-inference, or Cohere's (also Jina's and vLLM's). */
        @WithDefault("tei")
        Api api();

        /** The reranking model's name, sent with the {@code cohere} API (TEI serves one model and ignores it). */
        Optional<String> model();

        /** Sent as {@code Authorization: Bearer <key>} when set. */
        Optional<String> apiKey();
    }

    enum Provider {
        /** No reranking: retrieval's fused order stands. */
        none,
        /** A reranking server over HTTP ({@code ragchat.rerank.http.*}). */
        http
    }

    enum Api {
        /** Text-embeddings-inference: {@code POST /rerank} with {@code query} and {@code texts}. */
        tei,
        /** Cohere's shape, also spoken by Jina and vLLM: {@code POST /v1/rerank} with {@code query} and {@code documents}. */
        cohere
    }
}
