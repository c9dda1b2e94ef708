package io.ragchat.embedding.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragchat.embedding.config.EmbeddingConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Refuses to start a service whose embedding model does not fit the stored vectors: a different dimension
 * cannot be searched at all, and a different model of the same dimension would silently return
 * unrelated chunks.
 */
@ApplicationScoped
public class EmbeddingSchemaCheck {

    private final Pool pool;
    private final EmbeddingConfig config;

    EmbeddingSchemaCheck(Pool pool, EmbeddingConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Throws, with what to do about it, when the stored vectors do not fit the configured model. */
    public void verify(int modelDimension) {
        int stored = pool.query("SELECT atttypmod FROM pg_attribute WHERE attrelid = 'chunk'::regclass"
                + " AND attname = 'embedding'").execute()
                .map(rows -> rows.iterator().next().getInteger(0))
                .await().atMost(Duration.ofSeconds(30));
        if (stored != modelDimension) {
            throw new IllegalStateException("The embedding model '" + config.model() + "' produces " + modelDimension
                    + "-dimensional vectors but the chunk table stores " + stored + "-dimensional ones. Choose a model"
                    + " with " + stored + " dimensions (ragchat.embedding.model), or use a new database whose schema is"
                    + " created with ragchat.embedding.dimension=" + modelDimension + ".");
        }
        List<String> others = pool.preparedQuery("SELECT DISTINCT embedding_model FROM document"
                + " WHERE embedding_model <> $1 LIMIT 5")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(config.model()))
                .map(rows -> {
                    List<String> models = new ArrayList<>();
                    for (Row row : rows) {
                        models.add(row.getString(0));
                    }
                    return models;
                })
                .await().atMost(Duration.ofSeconds(30));
        if (!others.isEmpty()) {
            throw new IllegalStateException("Stored documents were embedded with " + others + " but the service is"
                    + " configured with '" + config.model() + "'; their vectors are not comparable. Set"
                    + " ragchat.embedding.model back, or delete and re-ingest those documents.");
        }
    }
}
