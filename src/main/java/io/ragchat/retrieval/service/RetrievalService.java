package io.ragchat.retrieval.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pgvector.PGvector;

import io.ragchat.resilience.Guards;
import io.ragchat.retrieval.config.RetrievalConfig;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Nearest chunks by cosine distance over the HNSW index. The inner query orders by distance alone so
 * PostgreSQL can walk the index; titles are joined onto the few rows it returns.
 *
 * <p>
 * A metadata filter is applied inside the vector query. An HNSW scan yields only {@code ef_search}
 * candidates before filtering, so a selective filter could leave fewer than k rows; pgvector 0.8's
 * iterative scan keeps scanning until k rows pass the filter.
 */
@ApplicationScoped
public class RetrievalService {

    private static final int PGVECTOR_DEFAULT_EF_SEARCH = 40;
    private static final String SELECT = "SELECT c.id, c.document_id, d.title, c.heading, c.content, c.distance FROM ("
            + "SELECT id, document_id, heading, content, embedding <=> $1::vector AS distance FROM chunk %s"
            + " ORDER BY embedding <=> $1::vector LIMIT $2) c JOIN document d ON d.id = c.document_id ORDER BY c.distance";
    private static final String UNFILTERED = SELECT.formatted("");
    private static final String FILTERED = SELECT.formatted("WHERE metadata @> $3::jsonb");

    private final Pool pool;
    private final RetrievalConfig config;

    RetrievalService(Pool pool, RetrievalConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The {@code topK} chunks most similar to the vector, above the configured minimum similarity. */
    @ApplyGuard(Guards.DATABASE_READ)
    public Uni<List<RetrievedChunk>> search(float[] vector, int topK, Map<String, Object> filter) {
        String embedding = new PGvector(vector).toString();
        boolean filtered = filter != null && !filter.isEmpty();
        Tuple params = filtered ? Tuple.of(embedding, topK, new JsonObject(filter)) : Tuple.of(embedding, topK);
        String sql = filtered ? FILTERED : UNFILTERED;
        Uni<RowSet<Row>> rows;
        if (!filtered && config.efSearch() == PGVECTOR_DEFAULT_EF_SEARCH) {
            // The common case needs no session settings, so it needs no transaction either: one round trip.
            rows = pool.preparedQuery(sql).execute(params);
        } else {
            rows = pool.withTransaction(tx -> tuned(tx, filtered).chain(() -> tx.preparedQuery(sql).execute(params)));
        }
        return rows.map(this::toChunks);
    }

    private Uni<Void> tuned(SqlClient tx, boolean filtered) {
        String settings = "SET LOCAL hnsw.ef_search = " + config.efSearch()
                + (filtered ? "; SET LOCAL hnsw.iterative_scan = relaxed_order" : "");
        return tx.query(settings).execute().replaceWithVoid();
    }

    private List<RetrievedChunk> toChunks(RowSet<Row> rows) {
        List<RetrievedChunk> chunks = new ArrayList<>();
        for (Row row : rows) {
            double score = 1.0 - row.getDouble("distance");
            if (score >= config.minScore()) {
                chunks.add(new RetrievedChunk(row.getLong("id"), row.getUUID("document_id"), row.getString("title"),
                        row.getString("heading"), row.getString("content"), score));
            }
        }
        // relaxed_order may return rows slightly out of order; the prompt wants the best first.
        chunks.sort(Comparator.comparingDouble(RetrievedChunk::score).reversed());
        return chunks;
    }
}
