package io.ragchat.embedding.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.ragchat.embedding.config.EmbeddingConfig;
import io.ragchat.resilience.Guards;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;

/**
 * Vectors already computed, keyed by a hash of the embedding model's id and the normalised text, so a
 * model change can never return an old model's vector. A small in-process Caffeine cache, bounded in
 * entries, answers repeated questions without a network hop; Redis shares vectors between replicas and restarts. Values are raw little-endian
 * float32, 4 bytes a dimension.
 *
 * <p>
 * The cache only ever saves time: when Redis is down or slow, lookups count as errors and the vector is
 * computed instead, and the failure is logged at most once a minute. How slow is too slow is the
 * {@code redis-lookup} guard's timeout for a question's lookup, and {@code redis-batch}'s for the rest;
 * neither retries, since a miss costs less than waiting.
 */
@ApplicationScoped
public class EmbeddingCache {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final EmbeddingConfig.Cache config;
    private final ReactiveValueCommands<String, byte[]> redis;
    private final Cache<String, float[]> local;
    private final Counter hits;
    private final Counter localHits;
    private final Counter misses;
    private final Counter errors;
    private final AtomicLong lastErrorLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    EmbeddingCache(EmbeddingConfig config, ReactiveRedisDataSource redis, MeterRegistry registry) {
        this.config = config.cache();
        this.redis = redis.value(String.class, byte[].class);
        this.local = Caffeine.newBuilder().maximumSize(this.config.localEntries()).build();
        String name = "ragchat.embedding.cache.requests";
        this.localHits = registry.counter(name, "result", "hit", "tier", "local");
        this.hits = registry.counter(name, "result", "hit", "tier", "redis");
        this.misses = registry.counter(name, "result", "miss", "tier", "redis");
        this.errors = registry.counter(name, "result", "error", "tier", "redis");
    }

    /** Opens the Redis connection before the first question needs it; a Redis that is down is only logged. */
    public void warmUp() {
        if (config.enabled()) {
            // The lookup is bounded by its guard and never fails: this only waits for it.
            get("warm-up", "warm-up").await().indefinitely();
        }
    }

    /** The cached vector of this text under this model, or null. */
    public Uni<float[]> get(String modelId, String text) {
        String key = key(modelId, text);
        float[] kept = getLocal(key);
        return kept != null ? Uni.createFrom().item(kept) : getShared(key);
    }

    /** The vector kept in this process under this {@link #key}, or null: no I/O. */
    public float[] getLocal(String key) {
        if (!config.enabled()) {
            return null;
        }
        float[] found = local.getIfPresent(key);
        if (found != null) {
            localHits.increment();
        }
        return found;
    }

    /** The vector Redis holds under this {@link #key} (then kept in this process too), or null. */
    public Uni<float[]> getShared(String key) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return lookup(key)
                .map(bytes -> {
                    if (bytes == null) {
                        misses.increment();
                        return null;
                    }
                    hits.increment();
                    float[] vector = decode(bytes);
                    local.put(key, vector);
                    return vector;
                })
                .onFailure().recoverWithItem(failure -> {
                    bypassed(failure);
                    return null;
                });
    }

    /** The cached vectors of these texts, keyed by text; texts not cached are absent. */
    public Uni<Map<String, float[]>> getAll(String modelId, List<String> texts) {
        Map<String, float[]> found = new HashMap<>();
        if (!config.enabled() || texts.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        Map<String, String> textByKey = new LinkedHashMap<>();
        for (String text : texts) {
            textByKey.put(key(modelId, text), text);
        }
        return lookupAll(textByKey.keySet().toArray(String[]::new))
                .map(values -> {
                    values.forEach((key, bytes) -> {
                        if (bytes != null) {
                            found.put(textByKey.get(key), decode(bytes));
                        }
                    });
                    hits.increment(found.size());
                    misses.increment(textByKey.size() - found.size());
                    return found;
                })
                .onFailure().recoverWithItem(failure -> {
                    bypassed(failure);
                    return found;
                });
    }

    /** Stores a vector without making anyone wait for Redis; a failed write only costs a future miss. */
    public void put(String modelId, String text, float[] vector) {
        put(key(modelId, text), vector);
    }

    /** As {@link #put(String, String, float[])}, under a {@link #key} already computed. */
    public void put(String key, float[] vector) {
        if (!config.enabled()) {
            return;
        }
        local.put(key, vector);
        store(key, encode(vector))
                .subscribe().with(ignored -> {
                }, this::bypassed);
    }

    @ApplyGuard(Guards.REDIS_LOOKUP)
    Uni<byte[]> lookup(String key) {
        return redis.get(key);
    }

    @ApplyGuard(Guards.REDIS_BATCH)
    Uni<Map<String, byte[]>> lookupAll(String[] keys) {
        return redis.mget(keys);
    }

    @ApplyGuard(Guards.REDIS_BATCH)
    Uni<Void> store(String key, byte[] value) {
        return redis.setex(key, config.ttl().toSeconds(), value);
    }

    /** Where the vector of this text under this model is cached: a hash of both, the text normalised first. */
    public String key(String modelId, String text) {
        String normalized = WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(" ").strip();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(normalized.getBytes(StandardCharsets.UTF_8));
            return config.namespace() + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    private void bypassed(Throwable failure) {
        errors.increment();
        long last = lastErrorLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_INTERVAL_NANOS && lastErrorLog.compareAndSet(last, now)) {
            Log.warnf("Embedding cache bypassed, Redis is unavailable: %s (logged at most once a minute)",
                    failure.toString());
        }
    }
}
