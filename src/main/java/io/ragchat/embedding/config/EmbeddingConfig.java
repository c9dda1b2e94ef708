package io.ragchat.embedding.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragchat.embedding")
public interface EmbeddingConfig {

    /**
     * The embedding model: {@code all-minilm-l6-v2} (in-process, the default), {@code bge-small-en-v1.5-q},
     * {@code e5-small-v2-q} (in-process) or {@code ollama} (the Ollama server's
     * {@code quarkus.langchain4j.ollama.embedding-model.model-id}). Its dimension must match the stored
     * vectors ({@code ragchat.embedding.dimension}).
     */
    @WithDefault("all-minilm-l6-v2")
    String model();

    /** The vector dimension of the chunk table, fixed when the schema is first created. */
    @WithDefault("384")
    int dimension();

    /** Passages embedded per call while ingesting. */
    @WithDefault("32")
    int batchSize();

    /**
     * ONNX Runtime's threads for one in-process embedding (intra-op threads). 1: each embedding runs on the
     * thread that asked for it, so concurrent questions share the cores side by side (a question is a few
     * dozen tokens, too small to gain from being split); ingestion still embeds a batch's passages in
     * parallel. 0: ONNX Runtime's default, one per core, which suits a machine embedding one text at a time.
     */
    @WithDefault("1")
    int onnxThreads();

    Cache cache();

    interface Cache {
        /** Cache question and passage vectors in Redis (and a small in-process cache in front of it). */
        @WithDefault("true")
        boolean enabled();

        /** How long a vector stays in Redis. */
        @WithDefault("7d")
        Duration ttl();

        /** Prefix of every Redis key ragchat writes. */
        @WithDefault("ragchat:emb:")
        String namespace();

        /** Entries kept in the in-process cache in front of Redis. */
        @WithDefault("2000")
        int localEntries();
    }
}
