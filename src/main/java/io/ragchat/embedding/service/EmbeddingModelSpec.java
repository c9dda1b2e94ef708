package io.ragchat.embedding.service;

import java.util.Arrays;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * The in-process embedding models ragchat can run, and how each wants its input: some models were trained
 * with a prefix that tells a question from a passage, and answer worse without it.
 *
 * <p>
 * Their ONNX jars are a build-time choice (the pom's {@code in-process-embeddings} profile, left out of the
 * native build, which embeds through a model server): the classes are named here, not imported, so the
 * service compiles and runs without them, and says what to configure when one is asked for but absent.
 */
public enum EmbeddingModelSpec {

    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, "", "",
            "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel", "MEAN"),
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", 384, "Represent this sentence for searching relevant passages: ", "",
            "dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel", "CLS"),
    E5_SMALL_V2_Q("e5-small-v2-q", 384, "query: ", "passage: ",
            "dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel", "MEAN");

    /** Runs a model's files with a session tuned for a shared server; absent from builds without the ONNX jars. */
    private static final String IN_PROCESS_MODEL = "io.ragchat.embedding.onnx.InProcessEmbeddingModel";

    private final String id;
    private final int dimension;
    private final String queryPrefix;
    private final String passagePrefix;
    private final String modelClass;
    private final String pooling;

    /**
     * {@code modelClass}: langchain4j's class for the model, whose jar holds the files {@code <id>.onnx} and
     * {@code <id>-tokenizer.json}; {@code pooling}: how it pools token vectors into one, as that class does.
     */
    EmbeddingModelSpec(String id, int dimension, String queryPrefix, String passagePrefix, String modelClass,
            String pooling) {
        this.id = id;
        this.dimension = dimension;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
        this.modelClass = modelClass;
        this.pooling = pooling;
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

    /** langchain4j's own class for the model, whose jar carries its files. */
    String modelClass() {
        return modelClass;
    }

    /** Fails, saying what to configure instead, when this build does not carry the model (the native build). */
    public void requireAvailable() {
        try {
            Class.forName(modelClass, false, EmbeddingModelSpec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("The in-process embedding model '" + id + "' is not part of this build (the"
                    + " native build leaves the ONNX models out): set ragchat.embedding.model=ollama and"
                    + " quarkus.langchain4j.ollama.embedding-model.model-id", e);
        }
    }

    /**
     * Loads the ONNX model, each embedding run on {@code threads} threads (0: ONNX Runtime's default): blocking,
     * about a second, so it belongs to start-up.
     */
    public EmbeddingModel load(int threads) {
        requireAvailable();
        try {
            return (EmbeddingModel) Class.forName(IN_PROCESS_MODEL, true, EmbeddingModelSpec.class.getClassLoader())
                    .getMethod("load", String.class, String.class, String.class, int.class, int.class)
                    .invoke(null, id + ".onnx", id + "-tokenizer.json", pooling, dimension, threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot load the embedding model " + id, e);
        }
    }
}
