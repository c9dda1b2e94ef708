package io.ragchat.embedding.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The cache against the real Redis. */
@QuarkusTest
class EmbeddingCacheTest {

    @Inject
    EmbeddingCache cache;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @Test
    void aStoredVectorIsFoundAgainAndKeptInRedisWithATtl() {
        String text = "cached question " + UUID.randomUUID();
        float[] vector = { 0.1f, 0.2f, 0.3f };

        assertThat(cache.get("model-a", text).await().indefinitely()).isNull();
        cache.put("model-a", text, vector);

        assertThat(cache.get("model-a", text).await().indefinitely()).containsExactly(vector);
        String key = cache.key("model-a", text);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(key));
        assertThat(redis.key().ttl(key)).isPositive();
        assertThat(redis.value(byte[].class).get(key)).hasSize(3 * Float.BYTES);
    }

    @Test
    void aVectorSeenOnceIsAnsweredInProcessWithoutAskingRedis() {
        String text = "asked again " + UUID.randomUUID();
        float[] vector = { 0.5f, 0.25f };
        cache.put("model-a", text, vector);
        String key = cache.key("model-a", text);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists(key));
        redis.key().del(key);
        double localBefore = hits("local");
        double redisBefore = hits("redis");

        assertThat(cache.get("model-a", text).await().indefinitely()).containsExactly(vector);
        assertThat(hits("local")).isEqualTo(localBefore + 1);
        assertThat(hits("redis")).isEqualTo(redisBefore);
    }

    @Test
    void anotherModelNeverGetsTheVector() {
        String text = "model change " + UUID.randomUUID();
        cache.put("model-a", text, new float[] { 1f, 0f });

        assertThat(cache.get("model-b", text).await().indefinitely()).isNull();
        assertThat(cache.key("model-a", text)).isNotEqualTo(cache.key("model-b", text));
    }

    @Test
    void whitespaceAndUnicodeFormsDoNotMakeNewEntries() {
        assertThat(cache.key("m", "  caf\u00e9   au lait ")).isEqualTo(cache.key("m", "cafe\u0301 au\tlait"));
        assertThat(cache.key("m", "Cafe")).isNotEqualTo(cache.key("m", "cafe"));
    }

    @Test
    void vectorsWrittenByAnotherReplicaAreReadFromRedis() {
        String text = "shared " + UUID.randomUUID();
        float[] vector = { 4f, 5f };
        redis.value(byte[].class).setex(cache.key("model-a", text), 60, EmbeddingCache.encode(vector));
        double hitsBefore = hits("redis");

        assertThat(cache.get("model-a", text).await().indefinitely()).containsExactly(vector);
        assertThat(hits("redis")).isEqualTo(hitsBefore + 1);
    }

    @Test
    void manyTextsAreLookedUpAtOnce() {
        String cached = "batch cached " + UUID.randomUUID();
        String missing = "batch missing " + UUID.randomUUID();
        redis.value(byte[].class).setex(cache.key("model-a", cached), 60, EmbeddingCache.encode(new float[] { 7f }));

        Map<String, float[]> found = cache.getAll("model-a", List.of(cached, missing)).await().indefinitely();

        assertThat(found).containsOnlyKeys(cached);
        assertThat(found.get(cached)).containsExactly(7f);
    }

    private double hits(String tier) {
        return registry.get("ragchat.embedding.cache.requests").tags("result", "hit", "tier", tier).counter().count();
    }
}
