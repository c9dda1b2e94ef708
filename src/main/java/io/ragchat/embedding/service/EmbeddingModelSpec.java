package io.ragchat.embedding.service;

import java.util.Arrays;
import java.util.function.Supplier;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

/**
 * The in-process embedding models ragchat ships with, and how each wants its input: some models were
 * trained with a prefix that tells a question from a passage, and answer worse without it.
 */
public enum EmbeddingModelSpec {

    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, "", "", AllMiniLmL6V2EmbeddingModel::new),
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", 384,
            "Represent this sentence for searching relevant passages: ", "", BgeSmallEnV15QuantizedEmbeddingModel::new),
    E5_SMALL_V2_Q("e5-small-v2-q", 384, "query: ", "passage: ", E5SmallV2QuantizedEmbeddingModel::new);

    private final String id;
    private final int dimension;
    private final String queryPrefix;
    private final String passagePrefix;
    private final Supplier<EmbeddingModel> factory;

    EmbeddingModelSpec(String id, int dimension, String queryPrefix, String passagePrefix,
            Supplier<EmbeddingModel> factory) {
        this.id = id;
        this.dimension = dimension;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
        this.factory = factory;
    }

    public static EmbeddingModelSpec byId(String id) {
        return Arrays.stream(values()).filter(spec -> spec.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown embedding model '" + id + "'; known: "
                        + Arrays.stream(values()).map(EmbeddingModelSpec::id).toList() + " and 'ollama'"));
    }

    public String id() {
        return id;
    }

    public int dimension() {
        return dimension;
    }

    public String queryPrefix() {
        return queryPrefix;
    }

    public String passagePrefix() {
        return passagePrefix;
    }

    /** Loads the ONNX model: blocking, about a second, so it belongs to start-up. */
    public EmbeddingModel load() {
        return factory.get();
    }
}
