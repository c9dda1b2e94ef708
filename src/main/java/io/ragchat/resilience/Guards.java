package io.ragchat.resilience;

import java.net.ConnectException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.inject.Produces;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * The timeout and retry policy of every remote call, one per dependency. Methods that call a dependency
 * carry {@code @ApplyGuard("<identifier>")}; each policy's values below are its defaults, and every one of
 * them can be changed in configuration as {@code quarkus.fault-tolerance."<identifier>".<strategy>.<property>}
 * (application.properties sets them, docs/operations.md explains them). Durations are in milliseconds, so each is
 * one key. Nothing in ragchat times out or retries a
 * remote call by hand.
 */
public final class Guards {

    /** Asking the model for an answer, until its first token: a stream the user has seen is never re-run. */
    public static final String LLM = "llm";
    /** Readiness's and warm-up's one-token inference. */
    public static final String LLM_PROBE = "llm-probe";
    /** The embedding server (Ollama) computing vectors: idempotent, so retried. */
    public static final String EMBEDDING_SERVER = "embedding-server";
    /** One cached vector from Redis, on the question's path: a miss is cheaper than waiting. */
    public static final String REDIS_LOOKUP = "redis-lookup";
    /** Many cached vectors at once, and writes, off the question's path (ingestion, after computing). */
    public static final String REDIS_BATCH = "redis-batch";
    /** Reads from PostgreSQL: retrieval, history, documents. */
    public static final String DATABASE_READ = "database-read";
    /** The reranking server, on the question's path: a slow one must not hold the answer, so no retry. */
    public static final String RERANKER = "reranker";

    private Guards() {
    }

    @Produces
    @Identifier(LLM)
    static final Guard llm = Guard.create().withDescription(LLM)
            .withTimeout().duration(120_000, ChronoUnit.MILLIS).done()
            .withRetry().maxRetries(2).delay(500, ChronoUnit.MILLIS).jitter(200, ChronoUnit.MILLIS)
            .whenException(TransientFailure.class::isInstance).done()
            .build();

    @Produces
    @Identifier(LLM_PROBE)
    static final Guard llmProbe = Guard.create().withDescription(LLM_PROBE)
            .withTimeout().duration(30_000, ChronoUnit.MILLIS).done()
            .build();

    @Produces
    @Identifier(EMBEDDING_SERVER)
    static final Guard embeddingServer = Guard.create().withDescription(EMBEDDING_SERVER)
            .withTimeout().duration(30_000, ChronoUnit.MILLIS).done()
            .withRetry().maxRetries(2).delay(200, ChronoUnit.MILLIS).jitter(100, ChronoUnit.MILLIS).done()
            .build();

    @Produces
    @Identifier(REDIS_LOOKUP)
    static final Guard redisLookup = Guard.create().withDescription(REDIS_LOOKUP)
            .withTimeout().duration(50, ChronoUnit.MILLIS).done()
            .build();

    @Produces
    @Identifier(REDIS_BATCH)
    static final Guard redisBatch = Guard.create().withDescription(REDIS_BATCH)
            .withTimeout().duration(500, ChronoUnit.MILLIS).done()
            .build();

    @Produces
    @Identifier(DATABASE_READ)
    static final Guard databaseRead = Guard.create().withDescription(DATABASE_READ)
            .withTimeout().duration(10_000, ChronoUnit.MILLIS).done()
            .withRetry().maxRetries(2).delay(100, ChronoUnit.MILLIS).jitter(50, ChronoUnit.MILLIS)
            .retryOn(List.of(ConnectException.class, ClosedConnectionException.class)).done()
            .build();

    @Produces
    @Identifier(RERANKER)
    static final Guard reranker = Guard.create().withDescription(RERANKER)
            .withTimeout().duration(2_000, ChronoUnit.MILLIS).done()
            .build();
}
