package io.ragchat.embedding.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragchat.embedding.cache.EmbeddingCache;
import io.ragchat.embedding.service.EmbeddingService.Embedded;

/**
 * A question's vector through the cache, both ways it is looked for: the cache asked first and the vector
 * computed after a miss, or (with a spare core) computed while the cache is asked.
 */
@QuarkusTest
class EmbeddingServiceTest {

    @Inject
    EmbeddingService embeddings;

    @Inject
    EmbeddingCache cache;

    @Inject
    RedisDataSource redis;

    private static EmbeddingModel reference;

    @ParameterizedTest(name = "spare core: {0}")
    @ValueSource(booleans = { false, true })
    void aNewQuestionIsComputedAndStoredThenAnsweredFromTheCache(boolean spareCore) {
        String question = "How deep do wombats dig their burrows? " + UUID.randomUUID();

        Embedded first = embed(question, spareCore);
        assertThat(first.cached()).isFalse();
        assertThat(first.vector()).containsExactly(theModelsVector(question), within(1e-5f));
        // The default model has no query prefix, so the question is the cached text.
        String key = cache.key(embeddings.modelId(), question);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(key));

        Embedded again = embed(question, spareCore);
        assertThat(again.cached()).isTrue();
        assertThat(again.vector()).containsExactly(first.vector());
    }

    @Test
    void withASpareCoreAQuestionGetsItsVectorWhileRedisDoesNotAnswer() {
        String question = "Do wombats dig at night? " + UUID.randomUUID();

        // Paused for a fixed time rather than unpaused: a paused Redis would not take the UNPAUSE either.
        redis.execute("CLIENT", "PAUSE", "1000", "ALL");
        Embedded embedded = embed(question, true);

        assertThat(embedded.cached()).isFalse();
        assertThat(embedded.vector()).containsExactly(theModelsVector(question), within(1e-5f));
        redis.execute("PING"); // answered once the pause is over, so the tests after this one find Redis answering
    }

    private Embedded embed(String question, boolean spareCore) {
        return embeddings.embedQuery(question, spareCore).await().atMost(Duration.ofSeconds(30));
    }

    /** The vector of the text from a model of its own, loaded as the service loads it, no cache in the way. */
    private float[] theModelsVector(String text) {
        if (reference == null) {
            reference = EmbeddingModelSpec.byId(embeddings.modelId()).load(1);
        }
        return reference.embed(text).content().vector();
    }
}
