package io.ragchat.embedding.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;

/** Every in-process model the configuration can name really loads, and ranks a relevant passage first. */
class EmbeddingModelSpecTest {

    /** Each model is loaded once for the class (a load takes most of a second), on one thread as by default. */
    private static final Map<EmbeddingModelSpec, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    private static EmbeddingModel loaded(EmbeddingModelSpec spec) {
        return LOADED.computeIfAbsent(spec, model -> model.load(1));
    }

    @Test
    void eachInProcessModelEmbedsWithItsDeclaredDimensionAndRanksSensibly() {
        for (EmbeddingModelSpec spec : EmbeddingModelSpec.values()) {
            EmbeddingModel model = loaded(spec);
            var question = model.embed(spec.queryPrefix() + "How do I reset my password?").content();
            var relevant = model.embed(spec.passagePrefix() + "To reset your password, open Settings and choose Reset.").content();
            var unrelated = model.embed(spec.passagePrefix() + "The cafeteria serves soup on Fridays.").content();

            assertThat(question.dimension()).as(spec.id()).isEqualTo(spec.dimension());
            assertThat(CosineSimilarity.between(question, relevant)).as(spec.id())
                    .isGreaterThan(CosineSimilarity.between(question, unrelated));
        }
    }

    @Test
    void eachModelRunsAsLangchain4jsOwnClassWouldRunIt() throws ReflectiveOperationException {
        String passage = "To reset your password, open Settings and choose Reset.";
        for (EmbeddingModelSpec spec : EmbeddingModelSpec.values()) {
            // The same files and pooling, under ragchat's session options (one thread, where langchain4j's class
            // takes one per core): the same vector.
            EmbeddingModel reference = (EmbeddingModel) Class.forName(spec.modelClass()).getDeclaredConstructor().newInstance();

            float[] ours = loaded(spec).embed(passage).content().vector();
            float[] theirs = reference.embed(passage).content().vector();

            assertThat(ours).as(spec.id()).containsExactly(theirs, within(1e-4f));
        }
    }

    @Test
    void anUnknownModelNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddingModelSpec.byId("word2vec"))
                .hasMessageContaining("word2vec").hasMessageContaining("all-minilm-l6-v2").hasMessageContaining("ollama");
    }
}
